import GatewayJSON
import RucioREST
import Testing

@Suite("Bulk inputs split at Rucio's 1000-item limit (fake server)")
struct BulkChunkingTests {
    static func dids(_ count: Int) -> [RucioDID] {
        (0..<count).map { RucioDID(scope: "tests", name: "/ctao/tests/c/Data/f\($0)") }
    }

    /// A bulkmeta answer with one record per requested DID.
    static func echoMetadata(_ request: FakeRucioServer.Request) -> FakeRucioServer.Response {
        let body = (try? JSON(parsing: request.body)) ?? .null
        let names = (body["dids"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        return .ndjson(names.map { metadataLine(name: $0) })
    }

    @Test("2500 DIDs for bulkmeta go out as 1000 + 1000 + 500 and every record reaches the callback")
    func readsAreChunked() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            request.path == "/auth/userpass" ? tokenResponse(request, counters: counters) : Self.echoMetadata(request)
        }) { server in
            let collector = RucioRecordCollector<RucioMetadataRecord>()
            let count = try await fakeClient(server).account("root").bulkMetadata(for: Self.dids(2500)) { collector.append($0) }
            #expect(count == 2500)
            #expect(collector.records.map(\.did) == Self.dids(2500))
            let sizes = server.requests(to: "/dids/bulkmeta").map {
                (try? JSON(parsing: $0.body))?["dids"]?.arrayValue?.count ?? -1
            }
            #expect(sizes == [1000, 1000, 500])
        }
    }

    @Test("an empty input sends nothing (Rucio's schemas refuse empty lists)")
    func emptyInput() async throws {
        try await withFakeRucio({ _ in .rucioError(500, "Unexpected", "no request expected") }) { server in
            let session = fakeClient(server).account("root")
            let count = try await session.bulkMetadata(for: []) { _ in }
            #expect(count == 0)
            try await session.addReplicas(rse: "STORAGE-1", files: [])
            try await session.attach([], ignoreDuplicate: true)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a write split in chunks stops at the failing chunk and says where it started")
    func writeChunkFailure() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            if request.path == "/auth/userpass" { return tokenResponse(request, counters: counters) }
            return counters.next("write") == 2
                ? .rucioError(409, "DataIdentifierAlreadyExists", "exists") : FakeRucioServer.Response(status: 201, body: "Created")
        }) { server in
            let collections = Self.dids(2500).map { RucioNewCollection(did: $0, type: .dataset) }
            let error = try #require(await rucioError { try await fakeClient(server).account("root").addCollections(collections) })
            guard case .server(let refusal) = error else {
                Issue.record("expected a server error, got \(error)")
                return
            }
            #expect(refusal.chunkOffset == 1000)
            #expect(error.isDuplicate)
            #expect(server.requests(to: "/dids").count == 2)
        }
    }

    @Test("attachments are packed into requests of at most 1000 children, a large parent split over several")
    func attachmentsPacked() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            request.path == "/auth/userpass"
                ? tokenResponse(request, counters: counters) : FakeRucioServer.Response(status: 201, body: "Created")
        }) { server in
            let parentA = RucioDID(scope: "tests", name: "/ctao/tests/a")
            let parentB = RucioDID(scope: "tests", name: "/ctao/tests/b")
            try await fakeClient(server).account("root").attach(
                [
                    RucioAttachment(parent: parentA, dids: Self.dids(1500)),
                    RucioAttachment(parent: parentB, dids: Self.dids(700)),
                ], ignoreDuplicate: true)
            let bodies = server.requests(to: "/dids/attachments").compactMap { try? JSON(parsing: $0.body) }
            let shape = bodies.map { body in
                (body["attachments"]?.arrayValue ?? []).map {
                    "\($0["name"]?.stringValue ?? ""):\($0["dids"]?.arrayValue?.count ?? 0)"
                }
            }
            #expect(shape == [
                ["/ctao/tests/a:1000"], ["/ctao/tests/a:500", "/ctao/tests/b:500"], ["/ctao/tests/b:200"],
            ])
            #expect(bodies.allSatisfy { $0["ignore_duplicate"] == .bool(true) })
        }
    }

    @Test("/dirac/addfiles chunks carry only the parents_metadata of their own files' ancestors")
    func addFilesParentsMetadata() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            request.path == "/auth/userpass"
                ? tokenResponse(request, counters: counters) : FakeRucioServer.Response(status: 201, body: "Created")
        }) { server in
            let files = (0..<3).map {
                RucioDiracFile(lfn: "/ctao/tests/d\($0)/Data/f.dat", rse: "STORAGE-1", bytes: 1, adler32: "00000001")
            }
            try await fakeClient(server, maximumDiracAddFilesItems: 2).account("dirac").diracAddFiles(
                files, ignoreAvailability: true,
                parentsMetadata: ["/ctao/tests/d0/Data": ["k": 0], "/ctao/tests/d2": ["k": 2], "/ctao/tests/d": ["k": 9]])
            let bodies = server.requests(to: "/dirac/addfiles").compactMap { try? JSON(parsing: $0.body) }
            #expect(bodies.count == 2)
            #expect(bodies.first?["parents_metadata"]?.objectValue?.keys.elements == ["/ctao/tests/d0/Data"])
            #expect(bodies.last?["parents_metadata"]?.objectValue?.keys.elements == ["/ctao/tests/d2"])
            #expect(bodies.allSatisfy { $0["ignore_availability"] == .bool(true) })
        }
    }
}
