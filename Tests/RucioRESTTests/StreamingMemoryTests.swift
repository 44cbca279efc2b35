import Foundation
import RucioREST
import Synchronization
import Testing

@Suite("Streaming listings (fake server)")
struct StreamingMemoryTests {
    @Test("a 10k-record replica listing reaches the callback record by record while the server is still sending")
    func recordsArriveBeforeTheEnd() async throws {
        let total = 10_000
        let half = total / 2
        let delivered = Atomic<Int>(0)
        let counters = Counters()
        try await withFakeRucio({ request in
            if request.path == "/auth/userpass" { return tokenResponse(request, counters: counters) }
            // The server sends half the records, then holds the rest back until the client has
            // handed almost all of that half to its callback: a client that buffered the body
            // before parsing would wait for the end forever (and time out).
            return FakeRucioServer.Response(
                status: 200, headers: [("Content-Type", "application/x-json-stream")],
                body: .lines(
                    count: total, line: replicaLine, holdAfter: half,
                    resumeWhen: { delivered.load(ordering: .acquiring) >= half - 10 }, cutAfter: nil))
        }) { server in
            let client = fakeClient(server)
            let baseline = residentBytes()
            let peak = Atomic<Int>(0)
            let bodyBytes = (0..<total).reduce(0) { $0 + replicaLine($1).utf8.count + 1 }
            let started = ContinuousClock.now
            let count = try await client.account("root").listReplicas(
                for: [RucioDID(scope: "tests", name: "/ctao/tests/stream/Data")],
                query: RucioReplicaQuery(allStates: false, ignoreAvailability: true)
            ) { record in
                let index = delivered.add(1, ordering: .acquiringAndReleasing).newValue
                if index % 500 == 0 {
                    let rss = residentBytes()
                    if rss > peak.load(ordering: .relaxed) { peak.store(rss, ordering: .relaxed) }
                }
                #expect(record.states["STORAGE-1"] == .available)
            }
            let elapsed = ContinuousClock.now - started
            #expect(count == total)
            #expect(delivered.load(ordering: .acquiring) == total)
            let growth = max(0, peak.load(ordering: .relaxed) - baseline)
            print(
                "[measure] streamed \(total) replica records (\(bodyBytes / 1024) KiB of NDJSON) in \(elapsed); "
                    + "RSS \(baseline / 1_048_576) MiB before, peak growth during the listing \(growth / 1024) KiB "
                    + "(other tests run in parallel, so this is an upper bound)")
        }
    }
}
