import CurlHTTP
import DIRACWire
import Foundation
import GatewayConfig
import GatewayServer
import Logging
import TestCredentials

/// Runs the real gateway in-process on an ephemeral loopback port with the test credentials, for the duration
/// of one test body.
enum GatewayHarness {
    static let route = "DataManagement/FileCatalog"

    static func configuration(_ adjust: (inout GatewayConfiguration) -> Void = { _ in }) throws -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.server.host = "127.0.0.1"
        configuration.server.port = 0
        configuration.server.certificate = try TestCertificates.path("host/hostcert.pem")
        configuration.server.privateKey = try TestCertificates.path("host/hostkey.pem")
        configuration.server.caDirectory = try TestCertificates.path("certificates")
        configuration.server.caReloadSeconds = 0
        configuration.metrics.enabled = false
        configuration.auth.users = [.init(name: "testuser", dn: TestCertificates.userDN, groups: ["ctao_user"])]
        configuration.auth.hosts = [
            .init(name: "localhost", dn: TestCertificates.hostDN, trusted: true),
            .init(name: "otherhost", dn: TestCertificates.otherHostDN, trusted: false),
        ]
        adjust(&configuration)
        return configuration
    }

    /// Starts the gateway, runs `body` with its URL, then stops it.
    static func withGateway(
        _ configuration: GatewayConfiguration, _ body: (String) async throws -> Void
    ) async throws {
        var logger = Logger(label: "gateway-test")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = GatewayApplication(configuration: configuration, logger: logger)
        let server = Task {
            try await application.run(handleSignals: false) { port in continuation.yield(port) }
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HarnessError("gateway did not start") }
        let scheme = configuration.server.trustedFront.enabled ? "http" : "https"
        try await body("\(scheme)://127.0.0.1:\(port)/\(route)")
    }

    /// A client presenting `credential` (a PEM holding certificate and key, e.g. a proxy file).
    static func client(credential: String? = "user/proxy.pem", key: String? = nil, reuse: Bool = true) throws -> CurlHTTPClient {
        try CurlHTTPClient(configuration: HTTPClientConfiguration(
            requestTimeout: .seconds(30),
            caDirectory: try TestCertificates.path("certificates"),
            clientCertificateFile: try credential.map(TestCertificates.path),
            clientKeyFile: try (key ?? credential).map(TestCertificates.path),
            forbidConnectionReuse: !reuse
        ))
    }

    /// A DIRAC RPC as the DIRAC client sends it.
    static func rpc(_ url: String, _ method: String, _ arguments: [DIRACValue] = [], extraCredentials: ExtraCredentials? = nil,
                    headers: HTTPHeaders = [:]) -> HTTPRequest {
        var all: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        for (name, value) in headers { all.replaceOrAdd(name: name, value: value) }
        let request = RPCRequest(method: method, arguments: arguments, extraCredentials: extraCredentials, clientVO: "ctao")
        return HTTPRequest(method: .post, url: url, headers: all, body: Array(request.formBody().utf8))
    }

    /// The decoded DIRAC answer of a 200 response.
    static func answer(_ response: HTTPResponse) throws -> DIRACValue {
        guard response.status == 200 else { throw HarnessError("HTTP \(response.status): \(response.bodyText)") }
        return try JEncode.decode(response.body)
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
