import DIRACWire
import FileCatalog
import RucioREST
import Testing

/// File reads against the real Rucio peer's seeded data (registered natively: by `POST /replicas` as root for
/// ACADA, by `/dirac/addfiles` for MC), checked against Rucio's own records.
@Suite("File read methods on the real Rucio peer")
struct FileMethodsTests {
    static let mcRun1 = "gamma_20deg_0deg_run1___"
    static let acadaChunk = "CHUNK001.fits.fz"

    @Test("exists answers the LFN for files and directories and False for the unknown")
    func existsAnswersTheLFN() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: Self.mcRun1)
        let directory = "/ctao/MC/PROD6"
        let missing = "/ctao/MC/PROD6/no-such-file.simtel.zst"
        let (successful, failed) = try await peer.bulk("exists", [.list([.string(file), .string(directory), .string(missing)])])
        #expect(failed.isEmpty)
        #expect(successful[file] == .string(file))
        #expect(successful[directory] == .string(directory))
        #expect(successful[missing] == false)
    }

    @Test("a bad LFN fails alone with its reason, the others are answered")
    func badLFNFailsAlone() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: Self.acadaChunk)
        let bad = "/ctao/acada/bad name with spaces"
        let (successful, failed) = try await peer.bulk("isFile", [.list([.string(file), .string(bad)])])
        #expect(successful[file] == .string(file))
        #expect(failed[bad]?.hasPrefix("Invalid LFN: ") == true)
        #expect(failed[bad]?.contains("U+0020") == true)
    }

    @Test("isFile answers the LFN for a file (the DFC's exists) and False for directories, isDirectory True only for collections")
    func fileOrDirectory() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: Self.mcRun1)
        let dataset = String(file[..<file.lastIndex(of: "/")!])
        let files = try await peer.bulk("isFile", [.list([.string(file), .string(dataset)])])
        #expect(files.successful[file] == .string(file))
        #expect(files.successful[dataset] == false)
        let directories = try await peer.bulk("isDirectory", [.list([.string(file), .string(dataset), "/ctao", "/ctao/none"])])
        #expect(directories.successful[file] == false)
        #expect(directories.successful[dataset] == true)
        #expect(directories.successful["/ctao"] == true)
        #expect(directories.successful["/ctao/none"] == false)
    }

    @Test("getFileSize and getFileMetadata answer Rucio's bytes and checksum; the missing fail with the DFC string")
    func sizesAndMetadata() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: Self.mcRun1)
        let seed = try #require(peer.seedFiles.first { $0.objectValue?["lfn"]?.stringValue == file }?.objectValue)
        let missing = "/ctao/MC/PROD6/nothing-here.zst"
        let sizes = try await peer.bulk("getFileSize", [.list([.string(file), .string(missing), "/ctao/MC"])])
        #expect(sizes.successful[file] == .int(seed["bytes"]?.intValue ?? -1))
        #expect(sizes.failed[missing] == "No such file or directory")
        #expect(sizes.failed["/ctao/MC"] == "No such file or directory")

        let metadata = try await peer.bulk("getFileMetadata", [.string(file)])
        let record = try #require(metadata.successful[file]?.dictValue)
        #expect(Set(record.keys) == [
            "Size", "Checksum", "ChecksumType", "UID", "Owner", "GID", "OwnerGroup", "GUID", "CreationDate",
            "ModificationDate", "Mode", "Status", "FileID",
        ])
        #expect(record["Checksum"] == .string(seed["adler32"]?.stringValue ?? ""))
        #expect(record["ChecksumType"] == "Adler32")
        #expect(record["GUID"] == .string((seed["guid"]?.stringValue ?? "").uppercased()))
        #expect(record["Owner"] == "dirac")
        #expect(record["OwnerGroup"] == "ctao_production")
        #expect(record["Status"] == "AprioriGood")
        #expect(record["Mode"] == 509)
        guard case .datetime? = record["CreationDate"] else {
            Issue.record("CreationDate is not a datetime: \(String(describing: record["CreationDate"]))")
            return
        }
    }

    @Test("results are keyed by the caller's own spellings of each LFN")
    func callerKeysEchoed() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: Self.mcRun1)
        let spelled = "LFN:" + file
        let (successful, _) = try await peer.bulk("exists", [.dict([spelled: true])])
        #expect(Array(successful.keys) == [spelled])
        #expect(successful[spelled] == .string(file))
    }

    @Test("a caller whose group maps to no Rucio account gets EACCES, not data")
    func unmappedGroupRefused() async throws {
        let peer = try await CatalogPeer.require()
        let catalog = RucioCatalog(client: peer.catalog.client, accounts: AccountMap(groups: ["ctao_production": "dirac"]))
        let context = try Fixture.context(group: "ctao_user")
        let answer = try #require(await result("exists", ["/ctao"], in: context, registry: .gateway(catalog: catalog)))
        #expect(answer.failure?.errno == DErrno.EACCES)
    }

    @Test("reads as ctao_user run as the testuser account")
    func readsAsMappedAccount() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: Self.mcRun1)
        let (successful, _) = try await peer.bulk("exists", [.string(file)], group: "ctao_user")
        #expect(successful[file] == .string(file))
    }
}

@Suite("File details and GUID lookups on the real Rucio peer")
struct FileDetailsTests {
    @Test("getLFNForGUID finds a file by the GUID DIRAC registered, in any spelling; unknown GUIDs fail")
    func lfnForGUID() async throws {
        let peer = try await CatalogPeer.require()
        let seed = try #require(peer.seedFiles.first { ($0.objectValue?["lfn"]?.stringValue ?? "").contains("gamma_20deg_0deg_run2___") }?.objectValue)
        let lfn = try #require(seed["lfn"]?.stringValue)
        let guid = try #require(seed["guid"]?.stringValue).uppercased()
        let unknown = "00000000-0000-0000-0000-000000000000"
        let (successful, failed) = try await peer.bulk("getLFNForGUID", [.list([.string(guid), .string(unknown), "not-a-guid"])])
        #expect(successful[guid] == .string(lfn))
        #expect(failed[unknown] == "GUID does not exist")
        #expect(failed["not-a-guid"] == "GUID does not exist")
    }

    @Test("getFileDetails answers the DFC's plain dictionary with the file's own user metadata, existing files only")
    func fileDetails() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let answer = try await peer.call("getFileDetails", [.list([.string(lfn), "/ctao/MC/none.zst"])])
        let details = try #require(answer.value?.dictValue)
        #expect(Array(details.keys) == [lfn])
        let record = try #require(details[lfn]?.dictValue)
        #expect(Set(record.keys) == ["Size", "UID", "GID", "Status", "GUID", "CreationDate", "Metadata"])
        let metadata = try #require(record["Metadata"]?.dictValue)
        #expect(metadata["particle"] == "gamma")
        #expect(metadata["did_type"] == nil)
    }
}
