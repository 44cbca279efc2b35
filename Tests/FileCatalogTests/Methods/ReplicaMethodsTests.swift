import DIRACWire
import FileCatalog
import GatewayJSON
import RucioREST
import Testing

/// Replica reads against the real Rucio peer's seeded data, checked against the seed manifest (what was
/// registered in Rucio) and Rucio's own replica view as root.
@Suite("Replica read methods on the real Rucio peer")
struct ReplicaMethodsTests {
    @Test("getReplicas answers {SE: pfn} per file with Rucio's RSEs as SE names")
    func replicasBySE() async throws {
        let peer = try await CatalogPeer.require()
        let twoCopies = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let oneCopy = peer.seedLFN(containing: "gamma_20deg_0deg_run3___")
        let (successful, failed) = try await peer.bulk("getReplicas", [.list([.string(twoCopies), .string(oneCopy)])])
        #expect(failed.isEmpty)
        let two = try #require(successful[twoCopies]?.dictValue)
        #expect(Set(two.keys) == ["STORAGE-1", "STORAGE-2"])
        #expect(two["STORAGE-1"]?.stringValue?.hasPrefix("davs://rucio-storage-1:1094/") == true)
        #expect(Set(try #require(successful[oneCopy]?.dictValue).keys) == ["STORAGE-1"])
    }

    @Test("getReplicas puts missing LFNs and directories in Failed, never drops them")
    func missingNeverDropped() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let missing = "/ctao/MC/PROD6/none.zst"
        let (successful, failed) = try await peer.bulk(
            "getReplicas", [.list([.string(file), .string(missing), "/ctao/MC/PROD6", "/ctao/bad lfn"]), false])
        #expect(successful.keys.sorted() == [file])
        #expect(failed[missing] == "No such file or directory")
        #expect(failed["/ctao/MC/PROD6"] == "No such file or directory")
        #expect(failed["/ctao/bad lfn"]?.hasPrefix("Invalid LFN: ") == true)
    }

    @Test("SE names follow the configured SE↔RSE map")
    func storageElementMapApplied() async throws {
        let peer = try await CatalogPeer.require()
        let catalog = RucioCatalog(
            client: peer.catalog.client, storageElements: StorageElementMap(["CTAO-DESY-Disk": "STORAGE-2"]),
            accounts: CatalogPeer.accounts)
        let file = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let context = try Fixture.context(group: "ctao_production")
        let answer = try #require(await result("getReplicas", [.list([.string(file)])], in: context, registry: .gateway(catalog: catalog)))
        let replicas = try #require(answer.value?.dictValue?["Successful"]?.dictValue?[file]?.dictValue)
        #expect(Set(replicas.keys) == ["STORAGE-1", "CTAO-DESY-Disk"])
    }

    @Test("getReplicaStatus answers AprioriGood for an available replica and the DFC reasons otherwise")
    func replicaStatus() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: "gamma_20deg_0deg_run3___")
        let other = peer.seedLFN(containing: "gamma_20deg_0deg_run4___")
        let missing = "/ctao/MC/PROD6/none.zst"
        let (successful, failed) = try await peer.bulk(
            "getReplicaStatus", [.dict([file: "STORAGE-1", other: "STORAGE-2", missing: "STORAGE-1"])])
        #expect(successful[file] == "AprioriGood")
        #expect(failed[other] == "No replica at supplied site")
        #expect(failed[missing] == "No such file or directory")
    }

    @Test("getLFNForPFN inverts the deterministic PFN of a replica; unknown PFNs fail")
    func lfnForPFN() async throws {
        let peer = try await CatalogPeer.require()
        let seed = try #require(peer.seedFiles.first { ($0.objectValue?["lfn"]?.stringValue ?? "").contains("CHUNK002") }?.objectValue)
        let lfn = try #require(seed["lfn"]?.stringValue)
        let pfn = try #require(seed["pfns"]?.arrayValue?.first?.stringValue)
        let unknown = "davs://rucio-storage-1:1094//rucio//ctao/acada/none.fits.fz"
        let (successful, failed) = try await peer.bulk("getLFNForPFN", [.list([.string(pfn), .string(unknown), "gsiftp://elsewhere/x"])])
        #expect(successful[pfn] == .string(lfn))
        #expect(failed[unknown] == "No such file or directory")
        #expect(failed["gsiftp://elsewhere/x"] == "No such file or directory")
    }
}
