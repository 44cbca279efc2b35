import CurlHTTP
import Foundation
import GatewayJSON
import RucioREST
import Testing

/// Measurements against the real peer, printed as `[measure]` lines; the assertions only bound
/// them loosely (a loaded 2-core machine is noisy).
@Suite("Real Rucio peer: measurements", .serialized)
struct LivePerformanceTests {
    static let benchNamespace = "/ctao/tests/rucio-client-bench"

    /// 1000 file DIDs that exist (registered once, idempotently, in a fixed namespace). Registered with one
    /// `POST /replicas` (a few seconds) rather than `/dirac/addfiles` (about 0.1 s per file), so that the setup
    /// stays well inside the request timeout while the other live suites load the peer.
    static func benchFiles(_ dirac: RucioAccountSession) async throws -> [RucioDID] {
        let dids = (0..<1000).map {
            RucioDID(scope: "tests", name: benchNamespace + "/Data/file_\(String(format: "%04d", $0)).dat")
        }
        let present = try await dirac.bulkMetadata(for: dids) { _ in }
        if present < dids.count {
            try await dirac.addReplicas(
                rse: "STORAGE-1", files: dids.map { RucioNewReplica(did: $0, bytes: 1000, adler32: "0a0b0c0d") })
        }
        return dids
    }

    @Test("bulkmeta of 1000 DIDs: the client's cost over the same request sent with bare libcurl")
    func bulkMetadataOverhead() async throws {
        let peer = try await LivePeer.require()
        let configuration = peer.configuration()
        let client = RucioClient(configuration: configuration, credentials: peer.dirac)
        let dirac = client.account("dirac")
        let dids = try await Self.benchFiles(dirac)

        // The raw request: the same body, token and headers, no parsing beyond counting lines.
        let token = try await Self.token(peer)
        let body = JSON.object(["dids": .array(dids.map(\.json)), "inherit": false, "plugin": "DID_COLUMN"]).serialized()
        let raw = try CurlHTTPClient(configuration: HTTPClientConfiguration(requestTimeout: .seconds(60)))
        let request = HTTPRequest(
            method: .post, url: peer.url + "/dids/bulkmeta",
            headers: ["X-Rucio-Auth-Token": token, "Content-Type": "application/json", "Accept": "application/x-json-stream"],
            body: body)

        var rawTimes: [Duration] = []
        var clientTimes: [Duration] = []
        var rawCount = 0
        var clientCount = 0
        for round in 0..<12 {
            let rawStart = ContinuousClock.now
            let response = try await raw.perform(request)
            rawCount = response.body.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            let rawTime = ContinuousClock.now - rawStart
            let clientStart = ContinuousClock.now
            clientCount = try await dirac.bulkMetadata(for: dids) { _ in }
            let clientTime = ContinuousClock.now - clientStart
            if round >= 2 {  // the first rounds warm connections, caches and the token
                rawTimes.append(rawTime)
                clientTimes.append(clientTime)
            }
        }
        #expect(rawCount == 1000 && clientCount == 1000)
        let rawMedian = Self.median(rawTimes)
        let clientMedian = Self.median(clientTimes)
        print(
            "[measure] bulkmeta 1000 DIDs (DID_COLUMN, \(body.count / 1024) KiB request), median of \(rawTimes.count): "
                + "bare libcurl \(Self.ms(rawMedian)) ms, RucioClient \(Self.ms(clientMedian)) ms "
                + "(decoding 1000 typed records included), overhead \(Self.ms(clientMedian - rawMedian)) ms")
        #expect(clientMedian < rawMedian * 2 + .milliseconds(100))

        // The client's own work in isolation: the same 1000-record answer served from memory
        // (ReplayTransport), so only the pipeline, NDJSON splitting, JSON parsing and record
        // decoding are timed.
        let answer = try await raw.perform(request).body
        let exchange = RucioExchange(
            method: "POST", path: "/dids/bulkmeta", requestBody: .json(try JSON(parsing: body)), status: 200,
            responseHeaders: ["Content-Type": "application/x-json-stream"], responseBody: answer)
        let rounds = 21
        let replay = ReplayTransport(
            fixture: RucioFixture(exchanges: Array(repeating: exchange, count: rounds)), chunkSize: 16_384)
        let offline = RucioClient(
            configuration: RucioConfiguration(baseURL: "http://replay.invalid"), credentials: peer.dirac, transport: replay)
        let session = offline.account("dirac")
        _ = try await session.bulkMetadata(for: dids) { _ in }  // the (synthesized) token first
        var replayTimes: [Duration] = []
        for _ in 1..<rounds {
            let start = ContinuousClock.now
            let count = try await session.bulkMetadata(for: dids) { _ in }
            replayTimes.append(ContinuousClock.now - start)
            #expect(count == 1000)
        }
        let perCall = Self.median(replayTimes)
        print(
            "[measure] client-side cost of one 1000-record bulkmeta answer (\(answer.count / 1024) KiB), served from "
                + "memory: median \(Self.ms(perCall)) ms (\(String(format: "%.1f", perCall.seconds * 1e6 / 1000)) µs per record)")
        #expect(perCall < .milliseconds(500))
    }

    static func token(_ peer: LivePeer) async throws -> String {
        let raw = try CurlHTTPClient()
        guard case .userpass(let username, let password) = peer.dirac else { return "" }
        let response = try await raw.perform(HTTPRequest(
            url: peer.url + "/auth/userpass",
            headers: ["X-Rucio-Account": "dirac", "X-Rucio-Username": username, "X-Rucio-Password": password]))
        return try #require(response.headers[first: "X-Rucio-Auth-Token"])
    }

    static func median(_ values: [Duration]) -> Duration {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    static func ms(_ duration: Duration) -> String {
        String(format: "%.1f", duration.seconds * 1000)
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
