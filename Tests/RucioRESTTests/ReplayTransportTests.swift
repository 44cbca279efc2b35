import CurlHTTP
import Foundation
import GatewayJSON
import RucioREST
import Testing

@Suite("Record and replay transports")
struct ReplayTransportTests {
    static let did = RucioDID(scope: "tests", name: "/ctao/tests/r/Data/f.dat")

    static func client(_ transport: any RucioTransport) -> RucioClient {
        RucioClient(
            configuration: RucioConfiguration(baseURL: "http://replay.invalid", retryPolicy: .none),
            credentials: .userpass(username: "root", password: "secret"), transport: transport)
    }

    static func bulkmetaExchange(body: String, account: String = "root") -> RucioExchange {
        RucioExchange(
            method: "POST", path: "/dids/bulkmeta", requestHeaders: ["X-Rucio-Account": account],
            requestBody: .json(["dids": [did.json], "inherit": false, "plugin": "DID_COLUMN"]), status: 200,
            responseHeaders: ["Content-Type": "application/x-json-stream"], responseBody: Array(body.utf8))
    }

    @Test("a request without a recorded exchange fails clearly, naming the request")
    func unmatchedRequestFails() async throws {
        let replay = ReplayTransport(fixture: RucioFixture(exchanges: [Self.bulkmetaExchange(body: "")]))
        let error = try #require(await rucioError { try await Self.client(replay).account("root").listScopes() })
        guard case .transport(let failure) = error, case .invalidRequest(let message) = failure.error else {
            Issue.record("expected a transport failure with invalidRequest, got \(error)")
            return
        }
        #expect(message.contains("no recorded exchange for GET /scopes/"))
        #expect(message.contains("POST /dids/bulkmeta"))
        #expect(replay.unusedExchanges.count == 1)
    }

    @Test("matching is by method, path, JSON body regardless of key order, and account")
    func matching() async throws {
        var exchange = Self.bulkmetaExchange(body: metadataLine(name: Self.did.name) + "\n")
        exchange.requestBody = .json(["plugin": "DID_COLUMN", "inherit": false, "dids": [["name": .string(Self.did.name), "scope": "tests"]]])
        let replay = ReplayTransport(fixture: RucioFixture(exchanges: [exchange]))
        let client = Self.client(replay)
        // Another account does not match the recorded one.
        let other = try #require(await rucioError { try await client.account("dirac").bulkMetadata(for: [Self.did]) { _ in } })
        guard case .transport = other else {
            Issue.record("expected a transport failure, got \(other)")
            return
        }
        let count = try await client.account("root").bulkMetadata(for: [Self.did]) { _ in }
        #expect(count == 1)
        #expect(replay.unusedExchanges.isEmpty)
    }

    @Test("in-order replay refuses a request that is not the next recorded one")
    func inOrder() async throws {
        let scopes = RucioExchange(
            method: "GET", path: "/scopes/", status: 200, responseHeaders: ["Content-Type": "application/json"],
            responseBody: Array(#"["tests"]"#.utf8))
        let replay = ReplayTransport(
            fixture: RucioFixture(exchanges: [Self.bulkmetaExchange(body: ""), scopes]), order: .inOrder)
        let error = try #require(await rucioError { try await Self.client(replay).account("root").listScopes() })
        #expect("\(error)".contains("the next recorded exchange is POST /dids/bulkmeta"))
    }

    @Test("a recorded failure after part of a listing replays as the same interrupted stream")
    func recordedFailure() async throws {
        var exchange = Self.bulkmetaExchange(body: metadataLine(name: "/a") + "\n" + metadataLine(name: "/b") + "\n{\"sco")
        exchange.failure = RucioExchange.Failure(
            kind: "transferInterrupted", curlCode: 18, message: "transfer closed with outstanding read data remaining",
            responseStarted: true)
        let replay = ReplayTransport(fixture: RucioFixture(exchanges: [exchange]), chunkSize: 5)
        let delivered = Counters()
        let error = try #require(await rucioError {
            try await Self.client(replay).account("root").bulkMetadata(for: [Self.did]) { _ in delivered.next("r") }
        })
        guard case .transport(let failure) = error else {
            Issue.record("expected a transport failure, got \(error)")
            return
        }
        #expect(failure.recordsDelivered == 2 && failure.isInterruptedStream)
        #expect(delivered["r"] == 2)
    }

    @Test("without recorded authentication, replay synthesizes a token per account")
    func synthesizedAuthentication() async throws {
        let replay = ReplayTransport(fixture: RucioFixture(exchanges: [
            RucioExchange(
                method: "GET", path: "/scopes/", status: 200, responseHeaders: ["Content-Type": "application/json"],
                responseBody: Array(#"["tests"]"#.utf8))
        ]))
        let client = Self.client(replay)
        let scopes = try await client.account("root").listScopes()
        #expect(scopes == ["tests"])
        #expect(await client.authenticationCount(account: "root") == 1)
    }

    @Test("recording masks the password and tokens, and what it wrote replays to the same results")
    func recordThenReplay() async throws {
        let counters = Counters()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rucio-fixture-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try await withFakeRucio({ request in
            switch request.path {
            case "/auth/userpass": return tokenResponse(request, counters: counters)
            case "/replicas/list":
                return FakeRucioServer.Response(
                    status: 200, headers: [("Content-Type", "application/x-json-stream")],
                    body: .lines(count: 4, line: replicaLine, holdAfter: nil, resumeWhen: { true }, cutAfter: 2))
            default: return .ndjson([metadataLine(name: Self.did.name)])
            }
        }) { server in
            let recorder = RecordingTransport(
                wrapping: CurlRucioTransport(configuration: RucioConfiguration(baseURL: server.baseURL)),
                fixtureFile: file.path, parameters: ["case": "unit"])
            let live = RucioClient(
                configuration: RucioConfiguration(baseURL: server.baseURL, retryPolicy: .none),
                credentials: .userpass(username: "root", password: "s3cr3t-Pa55"), transport: recorder)
            let session = live.account("root")
            #expect(try await session.bulkMetadata(for: [Self.did]) { _ in } == 1)
            let cut = try #require(await rucioError {
                try await session.listReplicas(for: [Self.did], query: RucioReplicaQuery(allStates: false, ignoreAvailability: false)) { _ in }
            })
            guard case .transport(let liveFailure) = cut else {
                Issue.record("expected a transport failure, got \(cut)")
                return
            }
            #expect(liveFailure.recordsDelivered == 2)
        }

        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains("s3cr3t-Pa55"))
        #expect(!text.contains("root-token-1"))
        #expect(text.contains("masked-token-1"))
        let fixture = try RucioFixture(contentsOfFile: file.path)
        #expect(fixture.parameters["case"] == .string("unit"))
        #expect(fixture.exchanges.map(\.path) == ["/auth/userpass", "/dids/bulkmeta", "/replicas/list"])
        #expect(fixture.exchanges[0].requestHeaders["X-Rucio-Password"] == "***")
        #expect(fixture.exchanges[1].requestHeaders["X-Rucio-Auth-Token"] == "masked-token-1")
        #expect(fixture.exchanges[2].failure?.kind == "transferInterrupted")

        let replay = ReplayTransport(fixture: fixture, order: .inOrder, synthesizeAuthentication: false)
        let session = Self.client(replay).account("root")
        #expect(try await session.bulkMetadata(for: [Self.did]) { _ in } == 1)
        let cut = try #require(await rucioError {
            try await session.listReplicas(for: [Self.did], query: RucioReplicaQuery(allStates: false, ignoreAvailability: false)) { _ in }
        })
        guard case .transport(let replayed) = cut else {
            Issue.record("expected a transport failure, got \(cut)")
            return
        }
        #expect(replayed.recordsDelivered == 2)
        #expect(replay.unusedExchanges.isEmpty)
    }
}
