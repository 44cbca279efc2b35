import CurlHTTP
import DIRACWire
import Foundation
import NIOCore
import Testing
import TestCredentials

@testable import GatewayServer

@Suite("RPC endpoint over HTTPS")
struct RPCEndpointTests {
    @Test func pingWithUserProxyAnswersDIRACServiceInfo() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let response = try await GatewayHarness.client().perform(GatewayHarness.rpc(url, "ping"))
            let answer = try GatewayHarness.answer(response)
            #expect(answer["OK"] == true)
            #expect(answer["Value"]?["name"] == "DataManagement/FileCatalog")
            guard case .datetime? = answer["Value"]?["time"] else {
                Issue.record("ping time is not a JEncoded datetime: \(String(describing: answer["Value"]?["time"]))")
                return
            }
            #expect(response.headers[first: "Content-Type"] == "application/json")
        }
    }

    @Test func missingMethodAnswers400WithDIRACsMessage() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let request = HTTPRequest(
                method: .post, url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array("args=%5B%5D".utf8))
            let response = try await GatewayHarness.client().perform(request)
            #expect(response.status == 400)
            #expect(response.bodyText.contains("Missing argument method"))
        }
    }

    @Test func unknownMethodAnswers501() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let response = try await GatewayHarness.client().perform(GatewayHarness.rpc(url, "getSEDump", [["STORAGE-1"]]))
            #expect(response.status == 501)
            #expect(response.bodyText.contains("getSEDump is not implemented"))
        }
    }

    @Test func argumentErrorIsAnSERRORWithEINVAL() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let response = try await GatewayHarness.client().perform(GatewayHarness.rpc(url, "getPathPermissions", []))
            let answer = try GatewayHarness.answer(response)
            #expect(answer["OK"] == false)
            #expect(answer["Errno"] == 22)
        }
    }

    @Test func clientWithoutCertificateIsRefusedDuringTheHandshake() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            await #expect(throws: HTTPClientError.self) {
                _ = try await GatewayHarness.client(credential: nil).perform(GatewayHarness.rpc(url, "ping"))
            }
        }
    }

    @Test func proxyFromAnUntrustedCAIsRefusedDuringTheHandshake() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            await #expect(throws: HTTPClientError.self) {
                _ = try await GatewayHarness.client(credential: "other-ca/proxy.pem").perform(GatewayHarness.rpc(url, "ping"))
            }
        }
    }

    @Test func keptAliveConnectionKeepsItsIdentityForEveryRequest() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let client = try GatewayHarness.client()
            var connections = 0
            for _ in 0..<3 {
                let response = try await client.perform(GatewayHarness.rpc(url, "whoami"))
                connections += response.info.connectionsOpened
                let answer = try GatewayHarness.answer(response)
                #expect(answer["Value"]?["DN"] == .string(TestCertificates.userDN))
                #expect(answer["Value"]?["group"] == "ctao_user")
            }
            #expect(connections == 1)
        }
    }

    @Test func resumedTLSSessionKeepsTheIdentityOfTheHandshakeThatCreatedIt() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            // New connection per request, TLS session resumption on (libcurl's default).
            let client = try GatewayHarness.client(reuse: false)
            for _ in 0..<4 {
                let answer = try GatewayHarness.answer(try await client.perform(GatewayHarness.rpc(url, "whoami")))
                #expect(answer["Value"]?["DN"] == .string(TestCertificates.userDN))
            }
        }
    }

    @Test func concurrentClientsEachSeeTheirOwnIdentity() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let user = try GatewayHarness.client(reuse: false)
            let host = try GatewayHarness.client(credential: "host/hostcert.pem", key: "host/hostkey.pem", reuse: false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let asHost = index % 2 == 0
                        let response = try await (asHost ? host : user).perform(
                            GatewayHarness.rpc(url, "whoami", extraCredentials: asHost ? .hosts : nil))
                        let dn = try GatewayHarness.answer(response)["Value"]?["DN"]
                        #expect(dn == .string(asHost ? TestCertificates.hostDN : TestCertificates.userDN))
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func delegationFromAnUntrustedHostAnswers401() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let client = try GatewayHarness.client(credential: "otherhost/hostcert.pem", key: "otherhost/hostkey.pem")
            let response = try await client.perform(GatewayHarness.rpc(
                url, "whoami", extraCredentials: .delegated(dn: TestCertificates.userDN, group: "ctao_user")))
            #expect(response.status == 401)
            #expect(response.bodyText.contains("not trusted"))
        }
    }

    @Test func largeAnswersAreGzippedWhenTheClientAcceptsGzip() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let payload = DIRACValue.list(Array(repeating: "/ctao/some/long/logical/file/name", count: 200))
            let request = GatewayHarness.rpc(url, "echo", [payload], headers: ["Accept-Encoding": "gzip"])
            let response = try await GatewayHarness.client().perform(request)
            #expect(response.headers[first: "Content-Encoding"] == "gzip")
            var decompressing = request
            decompressing.decompressResponse = true
            let decoded = try GatewayHarness.answer(try await GatewayHarness.client().perform(decompressing))
            #expect(decoded["Value"] == payload)
        }
    }

    @Test func smallAnswersAreNotCompressed() async throws {
        try await GatewayHarness.withGateway(GatewayHarness.configuration()) { url in
            let request = GatewayHarness.rpc(url, "echo", ["x"], headers: ["Accept-Encoding": "gzip"])
            let response = try await GatewayHarness.client().perform(request)
            #expect(response.headers[first: "Content-Encoding"] == nil)
            #expect(try GatewayHarness.answer(response)["Value"] == "x")
        }
    }

    @Test func bodyAboveTheLimitAnswers413() async throws {
        let configuration = try GatewayHarness.configuration { $0.server.maxRequestBytes = 1024 }
        try await GatewayHarness.withGateway(configuration) { url in
            let payload = DIRACValue.string(String(repeating: "a", count: 4096))
            let response = try await GatewayHarness.client().perform(GatewayHarness.rpc(url, "echo", [payload]))
            #expect(response.status == 413)
        }
    }

    @Test func gzipBodyCutBeforeItsTrailerAnswers400AndIsNotRun() async throws {
        try await GatewayHarness.withGateway(try GatewayHarness.configuration()) { url in
            var request = GatewayHarness.rpc(url, "echo", ["x"], headers: ["Content-Encoding": "gzip"])
            let whole = Array(try BodyCompression.gzip(ByteBuffer(bytes: request.body ?? [])).readableBytesView)
            for body in [Array(whole.dropLast(8)), Array(whole.prefix(10)), Array("garbage".utf8), whole + whole] {
                request.body = body
                let response = try await GatewayHarness.client().perform(request)
                #expect(response.status == 400)
                #expect(response.bodyText.hasPrefix("Cannot decode gzip request body: "))
            }
            request.body = whole
            #expect(try GatewayHarness.answer(try await GatewayHarness.client().perform(request))["Value"] == "x")
        }
    }

    @Test func declaredContentLengthOverTheLimitIs413BeforeReadingAndClosesTheConnection() async throws {
        let configuration = try GatewayHarness.configuration { $0.server.maxRequestBytes = 1024 }
        try await GatewayHarness.withGateway(configuration) { url in
            let payload = DIRACValue.string(String(repeating: "a", count: 4096))
            let response = try await GatewayHarness.client().perform(GatewayHarness.rpc(url, "echo", [payload]))
            #expect(response.status == 413)
            #expect(response.bodyText.contains("Content-Length"))
            #expect(response.headers[first: "Connection"]?.lowercased() == "close")
        }
    }

    @Test func gzipBombOverTheDecompressedLimitIs413() async throws {
        let configuration = try GatewayHarness.configuration { $0.server.maxDecompressedBytes = 64 << 10 }
        try await GatewayHarness.withGateway(configuration) { url in
            var request = GatewayHarness.rpc(url, "echo", [.string(String(repeating: "a", count: 1 << 20))], headers: ["Content-Encoding": "gzip"])
            request.body = Array(try BodyCompression.gzip(ByteBuffer(bytes: request.body ?? [])).readableBytesView)
            let response = try await GatewayHarness.client().perform(request)
            #expect(response.status == 413)
            #expect(response.bodyText.prefix(200).contains("once decompressed"))
        }
    }
}
