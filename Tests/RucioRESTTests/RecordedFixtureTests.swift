import Foundation
import GatewayJSON
import RucioREST
import Testing

/// The fixtures in `Fixtures/rucio/`, recorded from the real peer with
/// `RUCIO_RECORD=1 swift test --filter RecordedFixtureTests` (peer running), replayed here
/// without any server. While recording, the replay tests stand aside (they would read the files
/// being written).
@Suite("Recorded exchanges with the real peer, replayed")
struct RecordedFixtureTests {
    static let fixtures = LivePeer.repositoryRoot.appendingPathComponent("Fixtures/rucio")
    static var recording: Bool { ProcessInfo.processInfo.environment["RUCIO_RECORD"] == "1" }

    /// Replay clients never reach a network: any base URL will do.
    static func replayClient(_ replay: ReplayTransport) -> RucioClient {
        RucioClient(
            configuration: RucioConfiguration(baseURL: "http://replay.invalid", retryPolicy: .none),
            credentials: .userpass(username: "root", password: "not-used-in-replay"), transport: replay)
    }

    static func load(_ name: String, order: ReplayTransport.Order = .byRequest, chunkSize: Int = 4096) throws
        -> ReplayTransport
    {
        let path = fixtures.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw LivePeer.Unavailable(description: "fixture \(path) is missing: record it with the peer running: "
                + "RUCIO_RECORD=1 swift test --filter RucioRESTTests.RecordedFixtureTests")
        }
        return try ReplayTransport(contentsOfFile: path, order: order, synthesizeAuthentication: false, chunkSize: chunkSize)
    }

    @Test("reads replay from the fixture, bodies cut into 7-byte chunks, every exchange used", .disabled(if: recording, "recording"))
    func replayedReads() async throws {
        let replay = try Self.load("reads.json", chunkSize: 7)
        try await ReadScenario.run(client: Self.replayClient(replay))
        #expect(replay.unusedExchanges.map(\.summary) == [])
    }

    @Test("the registration round trip replays in recorded order with the recorded namespace", .disabled(if: recording, "recording"))
    func replayedWriteRoundTrip() async throws {
        let replay = try Self.load("write-roundtrip.json", order: .inOrder)
        let namespace = try #require(replay.parameters["namespace"]?.stringValue)
        let client = Self.replayClient(replay)
        try await WriteScenario.run(
            root: client.account("root"),
            dirac: client.account("dirac", credentials: .userpass(username: "dirac", password: "not-used")),
            namespace: namespace)
        #expect(replay.unusedExchanges.map(\.summary) == [])
    }

    @Test("AccessDenied and a refused login replay as the same errors", .disabled(if: recording, "recording"))
    func replayedErrors() async throws {
        let replay = try Self.load("errors.json")
        try await ErrorScenario.run(
            client: Self.replayClient(replay), testuser: .userpass(username: "testuser", password: "not-used"),
            wrongPassword: .userpass(username: "root", password: "wrong"))
        #expect(replay.unusedExchanges.map(\.summary) == [])
    }

    @Test("the fixtures hold no password and no real token", .disabled(if: recording, "recording"))
    func fixturesAreMasked() throws {
        for name in ["reads.json", "write-roundtrip.json", "errors.json"] {
            let text = try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
            let fixture = try RucioFixture(contentsOfFile: Self.fixtures.appendingPathComponent(name).path)
            for exchange in fixture.exchanges {
                if let password = exchange.requestHeaders["X-Rucio-Password"] { #expect(password == "***") }
                for token in [exchange.requestHeaders["X-Rucio-Auth-Token"], exchange.responseHeaders["X-Rucio-Auth-Token"]] {
                    if let token { #expect(token.hasPrefix("masked-token-"), "\(name): \(token)") }
                }
            }
            for secret in ["dirac-secret", "testuser-secret", "-unknown-"] {
                #expect(!text.contains(secret), "\(name) contains \(secret)")
            }
        }
    }

    // MARK: Recording (RUCIO_RECORD=1)

    @Test("records the fixtures from the real peer", .enabled(if: recording, "set RUCIO_RECORD=1 to record"))
    func record() async throws {
        let peer = try await LivePeer.require()
        try FileManager.default.createDirectory(at: Self.fixtures, withIntermediateDirectories: true)
        func recorder(_ name: String, namespace: String? = nil) -> (RecordingTransport, RucioClient) {
            let recorder = RecordingTransport(
                wrapping: CurlRucioTransport(configuration: peer.configuration()),
                fixtureFile: Self.fixtures.appendingPathComponent(name).path,
                parameters: namespace.map { ["namespace": .string($0)] } ?? [:])
            return (recorder, RucioClient(configuration: peer.configuration(retry: .none), credentials: peer.root, transport: recorder))
        }

        let (_, reads) = recorder("reads.json")
        try await ReadScenario.run(client: reads)

        let namespace = LivePeerWriteTests.uniqueNamespace()
        let (_, writes) = recorder("write-roundtrip.json", namespace: namespace)
        try await WriteScenario.run(
            root: writes.account("root"), dirac: writes.account("dirac", credentials: peer.dirac), namespace: namespace)

        let (_, errors) = recorder("errors.json")
        try await ErrorScenario.run(
            client: errors, testuser: peer.testuser, wrongPassword: .userpass(username: "root", password: "wrong"))
    }
}
