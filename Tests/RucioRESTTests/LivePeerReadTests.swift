import CurlHTTP
import GatewayJSON
import RucioREST
import Testing

/// Against the project's real Rucio 41.5.1 peer (scripts/rucio). These fail, with the command to
/// run, when the peer is not set up or not running.
@Suite("Real Rucio peer: authentication and reads")
struct LivePeerReadTests {
    static let acadaDataset = RucioDID(scope: "acada", name: "/ctao/acada/DL0/LSTN-01/ctao-north/Event/2025/12/07")
    static let gammaDataset = RucioDID(scope: "MC", name: "/ctao/MC/PROD6/Paranal/gamma/sim_telarray/2147/Data/000xxx")

    @Test("ping answers Rucio's version without a token")
    func ping() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        #expect(try await client.ping() == "41.5.1")
        #expect(log.authentications.isEmpty)
    }

    @Test("userpass: one token is obtained and reused across different calls")
    func tokenReused() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        let root = client.account("root")
        let whoami = try await root.whoami()
        #expect(whoami.account == "root")
        let scopes = try await root.listScopes()
        #expect(Set(["root", "acada", "MC", "tests", "user.testuser"]).isSubset(of: Set(scopes)))
        _ = try await root.did(Self.acadaDataset)
        _ = try await root.rse("STORAGE-1")
        #expect(log.authentications.count == 1)
        let tokens = Set(log.all.filter { !$0.path.hasPrefix("/auth/") }.compactMap(\.token))
        #expect(tokens.count == 1)
    }

    @Test("each account gets its own token, obtained with its X-Rucio-Account (root vs dirac)")
    func perAccountTokens() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        let root = client.account("root")
        let dirac = client.account("dirac", credentials: peer.dirac)
        #expect(try await root.whoami().account == "root")
        #expect(try await dirac.whoami().account == "dirac")
        #expect(try await root.whoami().account == "root")
        #expect(try await dirac.whoami().account == "dirac")
        #expect(log.authentications.map(\.account) == ["root", "dirac"])
        let rootTokens = Set(log.all.filter { $0.account == "root" && $0.token != nil }.compactMap(\.token))
        let diracTokens = Set(log.all.filter { $0.account == "dirac" && $0.token != nil }.compactMap(\.token))
        #expect(rootTokens.count == 1 && diracTokens.count == 1 && rootTokens != diracTokens)
    }

    @Test("the root identity cannot get a token for another account: .authentication CannotAuthenticate")
    func identityNotMappedToAccount() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        let error = try #require(await rucioError { try await client.account("dirac").listScopes() })
        guard case .authentication(let failure) = error else {
            Issue.record("expected .authentication, got \(error)")
            return
        }
        #expect(failure.account == "dirac")
        #expect(error.isCannotAuthenticate && error.status == 401)
        #expect(log.all.count == 1)
    }

    @Test("bulkmeta returns one DID_COLUMN row per existing DID; missing DIDs are simply absent")
    func bulkMetadataExistingAndMissing() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        let missing = (1...3).map { RucioDID(scope: "MC", name: "/ctao/MC/PROD6/missing-\($0).dat") }
        let collector = RucioRecordCollector<RucioMetadataRecord>()
        let count = try await client.account("root").bulkMetadata(for: peer.files.map(\.did) + missing) {
            collector.append($0)
        }
        #expect(count == peer.files.count)
        let byDID = Dictionary(uniqueKeysWithValues: collector.records.map { ($0.did, $0) })
        #expect(Set(byDID.keys) == Set(peer.files.map(\.did)))
        for file in peer.files {
            let record = try #require(byDID[file.did])
            #expect(record.didType == .file)
            #expect(record.bytes == file.bytes)
            #expect(record.adler32 == file.adler32)
            #expect(record.createdAt != nil)
            if let guid = file.guid {
                #expect(record.guid == guid.replacingOccurrences(of: "-", with: "").lowercased())
            }
        }
        #expect(log.requests(to: "/dids/bulkmeta").count == 1)
    }

    @Test("bulkmeta with more than 1000 DIDs is split into requests Rucio accepts")
    func bulkMetadataOverTheLimit() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        let missing = (0..<1489).map { RucioDID(scope: "tests", name: "/ctao/tests/none/f\($0)") }
        let count = try await client.account("root").bulkMetadata(for: missing + peer.files.map(\.did)) { _ in }
        #expect(count == peer.files.count)
        #expect(log.requests(to: "/dids/bulkmeta").map(\.status) == [200, 200])
    }

    @Test("bulkmeta with inherit and the JSON plugin merges the container's keys into a file's own")
    func bulkMetadataInherited() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let file = try #require(peer.seedFile(containing: "gamma_20deg_0deg_run2"))
        let collector = RucioRecordCollector<RucioMetadataRecord>()
        try await client.account("root").bulkMetadata(for: [file.did], plugin: .json, inherit: true) { collector.append($0) }
        let record = try #require(collector.records.first)
        #expect(record["runNumber"] == .int(2))
        #expect(record["MCCampaign"] == .string("PROD6"))
        #expect(record["tel_sim_prog"] == .string("sim_telarray"))
    }

    @Test("replicas/list gives each file's RSEs in states and PFNs in rses; a missing DID is absent")
    func replicaStatesAndRSEs() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let twoCopies = try #require(peer.seedFile(containing: "gamma_20deg_0deg_run1"))
        let nonDeterministic = try #require(peer.seedFile(containing: "file_nd_001"))
        let missing = RucioDID(scope: "MC", name: "/ctao/MC/PROD6/missing.dat")
        let collector = RucioRecordCollector<RucioReplicaRecord>()
        let count = try await client.account("root").listReplicas(
            for: [twoCopies.did, nonDeterministic.did, missing],
            query: RucioReplicaQuery(allStates: false, ignoreAvailability: true)
        ) { collector.append($0) }
        #expect(count == 2)
        let byDID = Dictionary(uniqueKeysWithValues: collector.records.map { ($0.did, $0) })
        let replica = try #require(byDID[twoCopies.did])
        #expect(Set(replica.states.keys) == Set(twoCopies.rses))
        #expect(replica.states.values.allSatisfy { $0 == .available })
        #expect(Set(replica.rses.values.flatMap { $0 }) == Set(twoCopies.pfns))
        #expect(replica.bytes == twoCopies.bytes && replica.adler32 == twoCopies.adler32)
        let nd = try #require(byDID[nonDeterministic.did])
        #expect(nd.rses["STORAGE-ND"] == nonDeterministic.pfns)
        #expect(byDID[missing] == nil)
    }

    @Test("replicas/list of a dataset lists its files; rse_expression narrows the RSEs")
    func replicasOfDataset() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let collector = RucioRecordCollector<RucioReplicaRecord>()
        try await client.account("root").listReplicas(
            for: [Self.gammaDataset],
            query: RucioReplicaQuery(allStates: true, ignoreAvailability: true, rseExpression: "OFFSITE=true")
        ) { collector.append($0) }
        let expected = peer.files.filter { $0.did.name.hasPrefix(Self.gammaDataset.name + "/") && $0.rses.contains("STORAGE-2") }
        #expect(expected.count == 2)
        #expect(Set(collector.records.map(\.did)) == Set(expected.map(\.did)))
        #expect(collector.records.allSatisfy { Array($0.states.keys) == ["STORAGE-2"] })
    }

    @Test("list content of a seeded dataset gives its files with type, size and checksum")
    func listContentOfDataset() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let collector = RucioRecordCollector<RucioContentEntry>()
        try await client.account("root").listContent(of: Self.acadaDataset) { collector.append($0) }
        let expected = peer.files.filter { $0.did.scope == "acada" }
        #expect(collector.records.count == 3)
        #expect(Set(collector.records.map(\.did)) == Set(expected.map(\.did)))
        #expect(collector.records.allSatisfy { $0.type == .file })
        for file in expected {
            #expect(collector.records.first { $0.did == file.did }?.adler32 == file.adler32)
        }
    }

    @Test("list content of the top container gives collections in several scopes")
    func listContentOfContainer() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let collector = RucioRecordCollector<RucioContentEntry>()
        try await client.account("root").listContent(of: RucioDID(scope: "root", name: "/ctao")) { collector.append($0) }
        let children = Set(collector.records.map(\.did))
        #expect(children.isSuperset(of: [
            RucioDID(scope: "MC", name: "/ctao/MC"), RucioDID(scope: "acada", name: "/ctao/acada"),
            RucioDID(scope: "tests", name: "/ctao/tests"), RucioDID(scope: "root", name: "/ctao/user"),
        ]))
        #expect(collector.records.allSatisfy { $0.type == .container })
    }

    @Test("a DID whose name has slashes is found through its %2F-encoded path")
    func didLookupWithSlashes() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        let root = client.account("root")
        let file = try #require(peer.seedFile(containing: "CHUNK002"))
        let info = try await root.did(file.did)
        #expect(info.did == file.did && info.type == .file && info.bytes == file.bytes && info.md5 == file.md5)
        #expect(log.all.last?.path.hasPrefix("/dids/acada/%2Fctao%2Facada%2FDL0%2F") == true)
        let top = try await root.did(RucioDID(scope: "root", name: "/ctao"))
        #expect(top.type == .container && top.isOpen == true)
        let dataset = try await root.did(Self.acadaDataset, dynamicDepth: .file)
        #expect(dataset.type == .dataset && dataset.length == 3)
    }

    @Test("a name ending in a route suffix (…/files) is the DID itself behind the NoDecode front")
    func routeSuffixName() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let error = try #require(await rucioError {
            try await client.account("root").did(RucioDID(scope: "tests", name: "/ctao/tests/files"))
        })
        #expect(error.isDataIdentifierNotFound)
        #expect(error.exceptionMessage?.contains("tests:/ctao/tests/files") == true)
    }

    @Test("a missing DID is DataIdentifierNotFound (404); its parents are an empty listing")
    func missingDID() async throws {
        let peer = try await LivePeer.require()
        let (client, log) = peer.client()
        let root = client.account("root")
        let missing = RucioDID(scope: "MC", name: "/ctao/MC/PROD6/no-such-file.dat")
        let lookup = try #require(await rucioError { try await root.did(missing) })
        #expect(lookup.isDataIdentifierNotFound && lookup.status == 404)
        let content = try #require(await rucioError { try await root.listContent(of: missing) { _ in } })
        #expect(content.isDataIdentifierNotFound)
        #expect(try await root.listParents(of: missing) { _ in } == 0)
        let scope = try #require(await rucioError { try await root.did(RucioDID(scope: "nosuchscope", name: "/ctao/x")) })
        #expect(scope.isNotFound)
        // Not-found answers are final: no retry.
        #expect(log.all.filter { $0.status == 404 }.count == 3)
    }

    @Test("files, parents and bulkfiles describe the seeded hierarchy")
    func filesAndParents() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let root = client.account("root")
        let files = RucioRecordCollector<RucioFileEntry>()
        try await root.listFiles(of: Self.gammaDataset) { files.append($0) }
        #expect(files.records.count == 4)
        #expect(files.records.allSatisfy { $0.guid?.count == 32 })
        let run1 = try #require(peer.seedFile(containing: "gamma_20deg_0deg_run1"))
        let parents = RucioRecordCollector<RucioContentEntry>()
        try await root.listParents(of: run1.did) { parents.append($0) }
        #expect(parents.records.map(\.did) == [Self.gammaDataset])
        #expect(parents.records.first?.type == .dataset)
        let bulk = RucioRecordCollector<RucioFileEntry>()
        try await root.bulkFiles(of: [Self.gammaDataset, Self.acadaDataset, RucioDID(scope: "MC", name: "/ctao/MC/none")]) {
            bulk.append($0)
        }
        #expect(bulk.records.count == 7)
        #expect(Set(bulk.records.compactMap(\.parent)) == [Self.gammaDataset, Self.acadaDataset])
    }

    @Test("RSE settings, expressions and attributes")
    func rses() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let root = client.account("root")
        let storage1 = try await root.rse("STORAGE-1")
        #expect(storage1.isDeterministic && storage1.lfn2pfnAlgorithm == "ctao_bdms")
        let davs = try #require(storage1.protocols.first { $0.scheme == "davs" })
        #expect(davs.hostname == "rucio-storage-1" && davs.port == 1094 && davs.prefix == "//rucio")
        #expect(davs.priority(of: "read") == 1)
        #expect(try await root.rse("STORAGE-ND").isDeterministic == false)
        let matching = RucioRecordCollector<RucioRSESummary>()
        try await root.listRSEs(expression: "ANY=true") { matching.append($0) }
        #expect(Set(matching.records.map(\.name)).isSuperset(of: ["STORAGE-1", "STORAGE-2", "STORAGE-ND"]))
        let offsite = RucioRecordCollector<RucioRSESummary>()
        try await root.listRSEs(expression: "OFFSITE=true") { offsite.append($0) }
        #expect(offsite.records.map(\.name) == ["STORAGE-2"])
        let attributes = try await root.rseAttributes("STORAGE-1")
        #expect(attributes["ANY"] == .bool(true) && attributes["DIRAC-SITE"] == .string("CTAO.CI.de"))
        let unknown = try #require(await rucioError { try await root.rse("NO-SUCH-RSE") })
        #expect(unknown.hasExceptionClass("RSENotFound"))
    }

    @Test("DID search sends filters as a Python literal: booleans, numbers, comparisons, OR groups")
    func searchWithFilters() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let root = client.account("root")
        let chunks = RucioRecordCollector<RucioSearchResult>()
        try await root.searchDIDs(
            scope: "acada", filters: [["valid_fits_checksum": true, "instance__chunk_id.gte": 2]], type: .file
        ) { chunks.append($0) }
        #expect(Set(chunks.records.map(\.did.name)) == Set(
            peer.files.filter { $0.did.scope == "acada" && !$0.did.name.contains("CHUNK001") }.map(\.did.name)))
        let either = RucioRecordCollector<RucioSearchResult>()
        try await root.searchDIDs(
            scope: "MC", filters: [["runNumber": 4, "particle": "gamma"], ["particle": "proton", "runNumber": 2]],
            long: true
        ) { either.append($0) }
        #expect(Set(either.records.map(\.did.name)) == Set([
            try #require(peer.seedFile(containing: "gamma_20deg_0deg_run4")).did.name,
            try #require(peer.seedFile(containing: "proton_20deg_0deg_run2")).did.name,
        ]))
        #expect(either.records.allSatisfy { $0.did.scope == "MC" })
    }

    @Test("rules on a DID are listed and read back by id")
    func rules() async throws {
        let peer = try await LivePeer.require()
        let (client, _) = peer.client()
        let root = client.account("root")
        let rules = RucioRecordCollector<RucioRule>()
        try await root.listRules(for: Self.acadaDataset) { rules.append($0) }
        let offsite = try #require(rules.records.first { $0.rseExpression == "OFFSITE" })
        #expect(offsite.did == Self.acadaDataset && offsite.account == "root")
        let again = try await root.rule(id: offsite.id)
        #expect(again.id == offsite.id && again.grouping == offsite.grouping)
    }
}
