import GatewayJSON
import RucioREST
import Testing

/// Scenarios run live when recording fixtures (`RUCIO_RECORD=1`) and against the recorded
/// fixtures otherwise; their expectations hold in both, which is what makes the fixtures a
/// faithful stand-in for the server.
enum ReadScenario {
    static let acadaDataset = RucioDID(scope: "acada", name: "/ctao/acada/DL0/LSTN-01/ctao-north/Event/2025/12/07")
    static let run1 = RucioDID(
        scope: "MC",
        name: "/ctao/MC/PROD6/Paranal/gamma/sim_telarray/2147/Data/000xxx/gamma_20deg_0deg_run1___cta-prod6-paranal-2147m-Paranal-dark.simtel.zst")
    static let nonDeterministic = RucioDID(scope: "tests", name: "/ctao/tests/nondeterministic/Data/file_nd_001.dat")
    static let missing = RucioDID(scope: "MC", name: "/ctao/MC/PROD6/missing.dat")

    static func run(client: RucioClient) async throws {
        #expect(try await client.ping() == "41.5.1")
        let root = client.account("root")
        #expect(try await root.whoami().account == "root")
        #expect(try await root.listScopes().contains("user.testuser"))

        let rows = RucioRecordCollector<RucioMetadataRecord>()
        let count = try await root.bulkMetadata(for: [run1, nonDeterministic, acadaDataset, missing]) { rows.append($0) }
        #expect(count == 3)
        #expect(Set(rows.records.map(\.did)) == [run1, nonDeterministic, acadaDataset])
        #expect(rows.records.first { $0.did == run1 }?.guid == "f5e42cb6eee8559db95060cb926a8165")
        #expect(rows.records.first { $0.did == acadaDataset }?.didType == .dataset)

        let replicas = RucioRecordCollector<RucioReplicaRecord>()
        try await root.listReplicas(
            for: [run1, nonDeterministic, missing], query: RucioReplicaQuery(allStates: true, ignoreAvailability: true)
        ) { replicas.append($0) }
        #expect(replicas.records.count == 2)
        let copies = try #require(replicas.records.first { $0.did == run1 })
        #expect(Set(copies.states.keys) == ["STORAGE-1", "STORAGE-2"])
        #expect(copies.rses["STORAGE-1"] == ["davs://rucio-storage-1:1094//rucio/" + run1.name])

        let content = RucioRecordCollector<RucioContentEntry>()
        try await root.listContent(of: acadaDataset) { content.append($0) }
        #expect(content.records.count == 3 && content.records.allSatisfy { $0.type == .file })

        let info = try await root.did(run1)
        #expect(info.type == .file && info.bytes != nil)
        let notFound = try #require(await rucioError { try await root.did(missing) })
        #expect(notFound.isDataIdentifierNotFound && notFound.status == 404)

        let storage = try await root.rse("STORAGE-ND")
        #expect(!storage.isDeterministic && storage.protocols.first?.scheme == "davs")

        let found = RucioRecordCollector<RucioSearchResult>()
        try await root.searchDIDs(scope: "acada", filters: [["valid_fits_checksum": true, "instance__chunk_id": 3]]) {
            found.append($0)
        }
        #expect(found.records.count == 1 && found.records.first?.did.name.hasSuffix("CHUNK003.fits.fz") == true)
    }
}

enum ErrorScenario {
    static func run(client: RucioClient, testuser: RucioCredentials, wrongPassword: RucioCredentials) async throws {
        let session = client.account("testuser", credentials: testuser)
        let did = RucioDID(scope: "user.testuser", name: "/ctao/user/t/testuser/recorded-denied.dat")
        let denied = try #require(await rucioError {
            try await session.addReplicas(rse: "STORAGE-1", files: [RucioNewReplica(did: did, bytes: 1, adler32: "00010001")])
        })
        #expect(denied.isAccessDenied && denied.status == 401)
        #expect(await client.authenticationCount(account: "testuser", credentials: testuser) == 1)

        let refused = try #require(await rucioError {
            try await client.account("root", credentials: wrongPassword).listScopes()
        })
        guard case .authentication(let failure) = refused else {
            Issue.record("expected .authentication, got \(refused)")
            return
        }
        #expect(failure.server?.exceptionClass == "CannotAuthenticate")
    }
}
