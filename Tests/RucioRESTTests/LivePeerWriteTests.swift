import Foundation
import GatewayJSON
import RucioREST
import Testing

/// Writes against the real peer, each run in a namespace of its own (Rucio deletes nothing):
/// `tests:/ctao/tests/rucio-client-<uuid>/…`.
@Suite("Real Rucio peer: writes")
struct LivePeerWriteTests {
    static func uniqueNamespace() -> String {
        "/ctao/tests/rucio-client-" + UUID().uuidString.lowercased()
    }

    @Test("addfiles, attach, detach, close and metadata writes round-trip in a unique namespace")
    func registrationRoundTrip() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        try await WriteScenario.run(
            root: client.account("root"), dirac: client.account("dirac", credentials: peer.dirac),
            namespace: Self.uniqueNamespace())
    }

    @Test("replicas: a second copy, a state change, and rules added, extended and deleted")
    func replicasAndRules() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let dirac = client.account("dirac", credentials: peer.dirac)
        let namespace = Self.uniqueNamespace()
        let file = RucioDID(scope: "tests", name: namespace + "/Data/copy.dat")
        try await dirac.diracAddFiles(
            [RucioDiracFile(lfn: file.name, rse: "STORAGE-1", bytes: 4096, adler32: "01000001")], ignoreAvailability: false)

        try await dirac.addReplicas(rse: "STORAGE-2", files: [RucioNewReplica(did: file, bytes: 4096, adler32: "01000001")])
        func states(allStates: Bool) async throws -> [String: RucioReplicaState] {
            let collector = RucioRecordCollector<RucioReplicaRecord>()
            try await dirac.listReplicas(for: [file], query: RucioReplicaQuery(allStates: allStates, ignoreAvailability: true)) {
                collector.append($0)
            }
            let record = try #require(collector.records.first)
            return Dictionary(uniqueKeysWithValues: record.states.map { ($0.key, $0.value) })
        }
        #expect(Set(try await states(allStates: false).keys) == ["STORAGE-1", "STORAGE-2"])

        try await dirac.updateReplicaStates(rse: "STORAGE-2", [RucioReplicaStateUpdate(did: file, state: .unavailable)])
        #expect(Array(try await states(allStates: false).keys) == ["STORAGE-1"])
        #expect(try await states(allStates: true)["STORAGE-2"] == .unavailable)

        // /dirac/addfiles made a rule on STORAGE-1 for the file already; this one is for STORAGE-2.
        let spec = RucioRuleSpec(dids: [file], account: "dirac", rseExpression: "STORAGE-2")
        let ids = try await dirac.addRule(spec)
        let id = try #require(ids.first)
        let listed = RucioRecordCollector<RucioRule>()
        try await dirac.listRules(for: file) { listed.append($0) }
        #expect(listed.records.contains { $0.id == id && $0.rseExpression == "STORAGE-2" })
        #expect(listed.records.contains { $0.rseExpression == "STORAGE-1" && $0.account == "dirac" })
        let sameAgain = try #require(await rucioError { try await dirac.addRule(spec) })
        #expect(sameAgain.isDuplicate && sameAgain.hasExceptionClass("DuplicateRule"))
        #expect(try await dirac.rule(id: id).expiresAt == nil)
        try await dirac.updateRule(id: id, options: ["lifetime": 86400])
        let extended = try #require(try await dirac.rule(id: id).expiresAt.flatMap(RucioDate.parse))
        #expect(extended.timeIntervalSinceNow > 80000)
        // REST deletion is soft: the rule expires within the hour and a daemon removes it.
        try await dirac.deleteRule(id: id)
        let deleted = try #require(try await dirac.rule(id: id).expiresAt.flatMap(RucioDate.parse))
        #expect(deleted.timeIntervalSinceNow <= 3600)
        let unknown = try #require(await rucioError { try await dirac.rule(id: "00000000000000000000000000000000") })
        #expect(unknown.hasExceptionClass("RuleNotFound") && unknown.isNotFound)

        // The activity DIRAC's own plugin sends is not one of Rucio's: 409, not a rule.
        let badActivity = try #require(await rucioError {
            try await dirac.addRule(RucioRuleSpec(dids: [file], account: "dirac", rseExpression: "ANY=true", activity: "User Transfers"))
        })
        #expect(badActivity.status == 409)
    }

    @Test("testuser registering a replica on STORAGE-1 is AccessDenied (401), not re-authenticated or retried")
    func accessDeniedAsTestuser() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        let testuser = client.account("testuser", credentials: peer.testuser)
        let did = RucioDID(scope: "user.testuser", name: "/ctao/user/t/testuser/rucio-client-\(UUID().uuidString.lowercased()).dat")
        let error = try #require(await rucioError {
            try await testuser.addReplicas(rse: "STORAGE-1", files: [RucioNewReplica(did: did, bytes: 1, adler32: "00010001")])
        })
        #expect(error.isAccessDenied && error.status == 401)
        guard case .server = error else {
            Issue.record("expected a server error, got \(error)")
            return
        }
        #expect(log.authentications.count == 1)
        #expect(log.requests(to: "/replicas").count == 1)
        // The same token still works for what testuser may do.
        #expect(try await testuser.whoami().account == "testuser")
        #expect(log.authentications.count == 1)
    }

    @Test("a single collection is created through POST /dids/{scope}/{name}; again is a Duplicate (409)")
    func singleCollection() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let root = client.account("root")
        let container = RucioDID(scope: "tests", name: Self.uniqueNamespace())
        try await root.addCollection(RucioNewCollection(did: container, type: .container, meta: ["purpose": "client test"]))
        #expect(try await root.did(container).type == .container)
        let again = try #require(await rucioError {
            try await root.addCollection(RucioNewCollection(did: container, type: .container))
        })
        #expect(again.isDuplicate && again.status == 409)
        let meta = try await root.metadata(of: container, plugin: .json)
        #expect(meta["purpose"] == .string("client test"))
    }
}

/// The registration round trip, shared by the live test and the recorded fixture (so replay runs
/// exactly the requests the live run made).
enum WriteScenario {
    /// A value that exercises the Python-literal encoding of search filters end to end: quotes,
    /// a backslash and non-ASCII characters must survive `ast.literal_eval` on the server.
    static let trickyLabel = #"it's "quoted" \ café ✓ ok"#

    static func run(root: RucioAccountSession, dirac: RucioAccountSession, namespace: String) async throws {
        let dataset = RucioDID(scope: "tests", name: namespace + "/Data")
        let file1 = RucioDID(scope: "tests", name: namespace + "/Data/file_1.dat")
        let file2 = RucioDID(scope: "tests", name: namespace + "/Data/file_2.dat")
        let guid = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"

        // 1. Registration as the DIRAC plugin does it: files, replicas, dataset, containers.
        try await dirac.diracAddFiles(
            [
                RucioDiracFile(lfn: file1.name, rse: "STORAGE-1", bytes: 1024, adler32: "0a0b0c0d", guid: guid, meta: ["seq": 1]),
                RucioDiracFile(lfn: file2.name, rse: "STORAGE-1", bytes: 2048, adler32: "01020304"),
            ],
            ignoreAvailability: false, parentsMetadata: [dataset.name: ["purpose": "rucio-client round trip"]])
        // Idempotent per file: the same call again changes nothing and succeeds.
        try await dirac.diracAddFiles(
            [RucioDiracFile(lfn: file1.name, rse: "STORAGE-1", bytes: 1024, adler32: "0a0b0c0d")], ignoreAvailability: false)

        let rows = RucioRecordCollector<RucioMetadataRecord>()
        try await dirac.bulkMetadata(for: [file1, file2, dataset, RucioDID(scope: "tests", name: namespace + "/none")]) {
            rows.append($0)
        }
        let byDID = Dictionary(uniqueKeysWithValues: rows.records.map { ($0.did, $0) })
        #expect(byDID.count == 3)
        #expect(byDID[file1]?.bytes == 1024 && byDID[file1]?.adler32 == "0a0b0c0d")
        #expect(byDID[file1]?.guid == "6ba7b8109dad11d180b400c04fd430c8")
        #expect(byDID[file1]?.account == "dirac")
        #expect(byDID[dataset]?.didType == .dataset)

        let content = RucioRecordCollector<RucioContentEntry>()
        try await dirac.listContent(of: dataset) { content.append($0) }
        #expect(Set(content.records.map(\.did)) == [file1, file2])
        let parents = RucioRecordCollector<RucioContentEntry>()
        try await dirac.listParents(of: dataset) { parents.append($0) }
        #expect(parents.records.map(\.did) == [RucioDID(scope: "tests", name: namespace)])
        #expect(try await dirac.metadata(of: dataset, plugin: .json)["purpose"] == .string("rucio-client round trip"))

        // 2. Metadata: one DID, several DIDs, search, delete.
        try await dirac.setMetadata(of: file1, ["label": .string(trickyLabel), "seq": 10])
        try await dirac.setMetadata([
            RucioMetadataUpdate(did: file2, meta: ["label": "second", "seq": 20]),
            RucioMetadataUpdate(did: dataset, meta: ["level": 1.5]),
        ])
        let json = RucioRecordCollector<RucioMetadataRecord>()
        try await dirac.bulkMetadata(for: [file1, file2], plugin: .json, inherit: true) { json.append($0) }
        let meta = Dictionary(uniqueKeysWithValues: json.records.map { ($0.did, $0) })
        #expect(meta[file1]?["label"] == .string(trickyLabel) && meta[file1]?["seq"] == .int(10))
        #expect(meta[file2]?["seq"] == .int(20))
        #expect(meta[file2]?["level"] == .double(1.5))  // inherited from the dataset

        let found = RucioRecordCollector<RucioSearchResult>()
        try await dirac.searchDIDs(
            scope: "tests", filters: [["label": .string(trickyLabel), "name": .string(namespace + "/*")]], type: .file
        ) { found.append($0) }
        #expect(found.records.map(\.did) == [file1])
        let bySeq = RucioRecordCollector<RucioSearchResult>()
        try await dirac.searchDIDs(scope: "tests", filters: [["seq.gte": 10, "name": .string(namespace + "/*")]]) {
            bySeq.append($0)
        }
        #expect(Set(bySeq.records.map(\.did)) == [file1, file2])

        try await dirac.deleteMetadata(of: file1, key: "seq")
        #expect(try await dirac.metadata(of: file1, plugin: .json)["seq"] == nil)
        let absentKey = try #require(await rucioError { try await dirac.deleteMetadata(of: file1, key: "seq") })
        #expect(absentKey.hasExceptionClass("KeyNotFound"))
        let dotted = try #require(await rucioError { try await dirac.setMetadata(of: file1, ["a.b": 1]) })
        #expect(dotted.hasExceptionClass("InvalidMetadata") && dotted.status == 400)

        // 3. A second dataset: create, attach (duplicates ignored or refused), detach, close.
        let extra = RucioDID(scope: "tests", name: namespace + "/Extra")
        try await dirac.addCollections([RucioNewCollection(did: extra, type: .dataset, meta: ["purpose": "extra"])])
        let exists = try #require(await rucioError {
            try await dirac.addCollections([RucioNewCollection(did: extra, type: .dataset)])
        })
        #expect(exists.isDuplicate)
        try await dirac.attach([RucioAttachment(parent: extra, dids: [file1, file2])], ignoreDuplicate: false)
        try await dirac.attach([RucioAttachment(parent: extra, dids: [file1])], ignoreDuplicate: true)
        let duplicate = try #require(await rucioError {
            try await dirac.attach([RucioAttachment(parent: extra, dids: [file1])], ignoreDuplicate: false)
        })
        #expect(duplicate.isDuplicate && duplicate.status == 409)
        let intoFile = try #require(await rucioError {
            try await dirac.attach([RucioAttachment(parent: RucioDID(scope: "tests", name: namespace), dids: [file2])],
                ignoreDuplicate: true)
        })
        #expect(intoFile.isUnsupportedOperation || intoFile.status == 409)

        try await dirac.detach([file2], from: extra)
        let remaining = RucioRecordCollector<RucioContentEntry>()
        try await dirac.listContent(of: extra) { remaining.append($0) }
        #expect(remaining.records.map(\.did) == [file1])

        try await dirac.setStatus(of: extra, open: false)
        let closed = try await dirac.did(extra)
        #expect(closed.isOpen == false && closed.length == 1 && closed.bytes == 1024)
        let attachClosed = try #require(await rucioError {
            try await dirac.attach([RucioAttachment(parent: extra, dids: [file2])], ignoreDuplicate: true)
        })
        #expect(attachClosed.isUnsupportedOperation)

        // 4. Reads by another account see the same namespace.
        let files = RucioRecordCollector<RucioFileEntry>()
        try await root.listFiles(of: RucioDID(scope: "tests", name: namespace)) { files.append($0) }
        #expect(Set(files.records.map(\.did)) == [file1, file2])
    }
}
