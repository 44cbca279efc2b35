import CurlHTTP
import DIRACWire
import FileCatalog
import Foundation
import GatewayJSON
import RucioREST
import Synchronization
import Testing

/// Counts the Rucio requests a call makes (token requests aside).
final class CountingTransport: RucioTransport {
    private let wrapped: any RucioTransport
    private let paths = Mutex<[String]>([])

    init(wrapping transport: any RucioTransport) { wrapped = transport }

    var requests: [String] { paths.withLock { $0 } }
    func reset() { paths.withLock { $0 = [] } }

    func execute(_ request: RucioHTTPRequest, onBody: @escaping RucioBodyHandler) async throws(HTTPClientError)
        -> HTTPResponseHead
    {
        if !request.path.hasPrefix("/auth/") { paths.withLock { $0.append("\(request.method) \(request.path)") } }
        return try await wrapped.execute(request, onBody: onBody)
    }
}

/// A directory tree registered natively in Rucio as root, in the gateway's model (`docs/directory-model.md`):
///
/// ```
/// base                      CONTAINER
/// ├── .dfc-files            DATASET (hidden): h1.dat (100 B, STORAGE-1 + STORAGE-2), h2.dat (200 B, STORAGE-1)
/// ├── run                   DATASET: r1.dat (300 B, STORAGE-2)
/// ├── sub                   CONTAINER
/// │   └── deep              DATASET: d1.dat (400 B, STORAGE-1)
/// ├── gone                  CONTAINER whose lifetime is over (removed for DIRAC)
/// └── <base>-stray          DATASET named outside base: s1.dat (50 B, STORAGE-1)
/// ```
struct DirectoryTree: Sendable {
    let base: String
    var hidden: [String] { ["\(base)/h1.dat", "\(base)/h2.dat"] }
    var run: String { "\(base)/run" }
    var runFile: String { "\(base)/run/r1.dat" }
    var sub: String { "\(base)/sub" }
    var deep: String { "\(base)/sub/deep" }
    var deepFile: String { "\(base)/sub/deep/d1.dat" }
    var gone: String { "\(base)/gone" }
    var stray: String { "\(base)-stray" }
    var strayFile: String { "\(base)-stray/s1.dat" }

    /// Built once for the suite (the tests only read it).
    static let shared = Task { try await DirectoryTree.build() }

    static func build() async throws -> DirectoryTree {
        let peer = try await CatalogPeer.require()
        let tree = DirectoryTree(base: CatalogPeer.uniqueDirectory("dirs"))
        let naming = peer.catalog.naming
        func did(_ path: String) throws -> RucioDID { try naming.did(for: path).get() }
        let root = peer.root
        let base = try did(tree.base)
        let hidden = naming.hiddenFilesDID(of: base)
        try await root.addCollection(RucioNewCollection(did: base, type: .container))
        try await root.addCollection(RucioNewCollection(did: try did(tree.sub), type: .container))
        try await root.addCollection(RucioNewCollection(did: try did(tree.gone), type: .container, lifetime: 1))
        for dataset in [hidden, try did(tree.run), try did(tree.deep), try did(tree.stray)] {
            try await root.addCollection(RucioNewCollection(did: dataset, type: .dataset))
        }
        func replica(_ path: String, _ bytes: Int64) throws -> RucioNewReplica {
            RucioNewReplica(did: try did(path), bytes: bytes, adler32: "0a0b0c0d")
        }
        try await root.addReplicas(rse: "STORAGE-1", files: [
            try replica(tree.hidden[0], 100), try replica(tree.hidden[1], 200), try replica(tree.deepFile, 400),
            try replica(tree.strayFile, 50),
        ])
        try await root.addReplicas(rse: "STORAGE-2", files: [try replica(tree.hidden[0], 100), try replica(tree.runFile, 300)])
        try await root.attach([
            RucioAttachment(parent: try did("/ctao/tests"), dids: [base]),
            RucioAttachment(parent: base, dids: [try did(tree.sub), try did(tree.gone)]),
            RucioAttachment(parent: try did(tree.sub), dids: [try did(tree.deep)]),
            RucioAttachment(parent: hidden, dids: try tree.hidden.map(did)),
            RucioAttachment(parent: try did(tree.run), dids: [try did(tree.runFile)]),
            RucioAttachment(parent: try did(tree.deep), dids: [try did(tree.deepFile)]),
            RucioAttachment(parent: try did(tree.stray), dids: [try did(tree.strayFile)]),
        ], ignoreDuplicate: false)
        // Rucio refuses containers and datasets mixed in one attachment ("Mixed collection is not allowed"), not
        // in one container.
        try await root.attach(
            [RucioAttachment(parent: base, dids: [hidden, try did(tree.run), try did(tree.stray)])], ignoreDuplicate: false)
        try await Task.sleep(for: .seconds(2))  // `gone`'s lifetime is over
        return tree
    }
}

/// The directory read methods against the real Rucio peer: the seeded native data (MC datasets registered by
/// `/dirac/addfiles`, the ACADA dataset registered by root) and a tree registered as root in the gateway's model.
@Suite("Directory read methods on the real Rucio peer")
struct DirectoryMethodsTests {
    static let mcDataset = "/ctao/MC/PROD6/Paranal/gamma/sim_telarray/2147/Data/000xxx"
    static let acadaDataset = "/ctao/acada/DL0/LSTN-01/ctao-north/Event/2025/12/07"
    static let metaDataKeys: Set<String> = [
        "FileID", "Size", "GUID", "Checksum", "ChecksumType", "Type", "UID", "Owner", "GID", "OwnerGroup",
        "CreationDate", "ModificationDate", "Mode", "Status",
    ]
    static let directoryMetadataKeys: Set<String> = [
        "DirID", "UID", "Owner", "GID", "OwnerGroup", "Status", "Mode", "CreationDate", "ModificationDate",
    ]

    func seed(_ peer: CatalogPeer, _ lfn: String) throws -> [String: JSON] {
        let record = try #require(peer.seedFiles.first { $0.objectValue?["lfn"]?.stringValue == lfn }?.objectValue)
        return Dictionary(uniqueKeysWithValues: record.map { ($0.key, $0.value) })
    }

    // MARK: listDirectory

    @Test("listDirectory of a native dataset lists its files by name with the DFC's MetaData keys and no SubDirs")
    func listNativeDataset() async throws {
        let peer = try await CatalogPeer.require()
        let (successful, failed) = try await peer.bulk("listDirectory", [.list([.string(Self.mcDataset)]), false])
        #expect(failed.isEmpty)
        let listing = try #require(successful[Self.mcDataset]?.dictValue)
        #expect(Set(listing.keys) == ["Files", "SubDirs", "Links", "Datasets"])
        #expect(listing["SubDirs"] == .dict([:]))
        #expect(listing["Links"] == .dict([:]))
        #expect(listing["Datasets"] == .dict([:]))
        let files = try #require(listing["Files"]?.dictValue)
        let seeded = peer.seedFiles.compactMap { $0.objectValue?["lfn"]?.stringValue }.filter {
            POSIXPath.dirname($0) == Self.mcDataset
        }
        #expect(seeded.count == 4)
        #expect(Set(files.keys) == Set(seeded.map(POSIXPath.basename)))
        for lfn in seeded {
            let entry = try #require(files[POSIXPath.basename(lfn)]?.dictValue)
            #expect(Set(entry.keys) == ["MetaData"])
            let metadata = try #require(entry["MetaData"]?.dictValue)
            #expect(Set(metadata.keys) == Self.metaDataKeys)
            let record = try seed(peer, lfn)
            #expect(metadata["Size"] == .int(record["bytes"]?.intValue ?? -1))
            #expect(metadata["Checksum"] == .string(record["adler32"]?.stringValue ?? ""))
            #expect(metadata["GUID"] == .string((record["guid"]?.stringValue ?? "").uppercased()))
            #expect(metadata["Type"] == "File")
            #expect(metadata["Status"] == "AprioriGood")
            #expect(metadata["Mode"] == 509)
        }
    }

    @Test("listDirectory of a container lists its child collections as SubDirs by full path with True, no Files")
    func listNativeContainer() async throws {
        let peer = try await CatalogPeer.require()
        let container = POSIXPath.dirname(Self.mcDataset)
        let (successful, _) = try await peer.bulk("listDirectory", [.string(container)])
        let listing = try #require(successful[container]?.dictValue)
        #expect(listing["SubDirs"] == .dict([.init(Self.mcDataset): true]))
        #expect(listing["Files"] == .dict([:]))
    }

    @Test("verbose listDirectory adds each file's replicas as {SE: {PFN, Status}} and each SubDir's metadata")
    func listVerbose() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let record = try seed(peer, lfn)
        let (successful, _) = try await peer.bulk("listDirectory", [.list([.string(Self.mcDataset)]), true])
        let files = try #require(successful[Self.mcDataset]?.dictValue?["Files"]?.dictValue)
        let entry = try #require(files[POSIXPath.basename(lfn)]?.dictValue)
        let replicas = try #require(entry["Replicas"]?.dictValue)
        #expect(Set(replicas.keys) == ["STORAGE-1", "STORAGE-2"])
        let pfns = Set((record["pfns"]?.arrayValue ?? []).compactMap(\.stringValue))
        for (_, replica) in replicas {
            let details = try #require(replica.dictValue)
            #expect(Set(details.keys) == ["PFN", "Status"])
            #expect(details["Status"] == "AprioriGood")
            #expect(pfns.contains(details["PFN"]?.stringValue ?? ""))
        }

        let container = POSIXPath.dirname(Self.mcDataset)
        let verbose = try await peer.bulk("listDirectory", [.string(container), true])
        let subdirectory = try #require(verbose.successful[container]?.dictValue?["SubDirs"]?.dictValue?[Self.mcDataset]?.dictValue)
        #expect(Set(subdirectory.keys) == Self.directoryMetadataKeys)
        #expect(subdirectory["Owner"] == "dirac")
    }

    @Test("a container's hidden .dfc-files dataset shows as the container's files, never as a SubDir")
    func hiddenFilesDatasetListedAsFiles() async throws {
        let peer = try await CatalogPeer.require()
        let tree = try await DirectoryTree.shared.value
        let (successful, failed) = try await peer.bulk("listDirectory", [.string(tree.base), true])
        #expect(failed.isEmpty)
        let listing = try #require(successful[tree.base]?.dictValue)
        let files = try #require(listing["Files"]?.dictValue)
        #expect(Set(files.keys) == ["h1.dat", "h2.dat"])
        #expect(files["h1.dat"]?.dictValue?["MetaData"]?.dictValue?["Size"] == 100)
        #expect(Set(files["h1.dat"]?.dictValue?["Replicas"]?.dictValue?.keys.elements ?? []) == ["STORAGE-1", "STORAGE-2"])
        let subdirectories = try #require(listing["SubDirs"]?.dictValue)
        #expect(Set(subdirectories.keys) == [tree.run, tree.sub])
    }

    @Test("children whose lifetime is over or that are named outside the directory are not listed")
    func expiredAndStrayChildrenHidden() async throws {
        let peer = try await CatalogPeer.require()
        let tree = try await DirectoryTree.shared.value
        let (successful, _) = try await peer.bulk("listDirectory", [.string(tree.base)])
        let subdirectories = try #require(successful[tree.base]?.dictValue?["SubDirs"]?.dictValue)
        #expect(subdirectories[tree.gone] == nil)
        #expect(subdirectories[tree.stray] == nil)
        #expect(!subdirectories.keys.contains { $0.hasSuffix(LFNNaming.hiddenFilesDataset) })
        // Rucio still holds both as children of base: the gateway leaves them out.
        let children = RucioRecordCollector<String>()
        try await peer.root.listContent(of: try peer.catalog.naming.did(for: tree.base).get()) { children.append($0.did.name) }
        #expect(Set(children.records).isSuperset(of: [tree.gone, tree.stray]))
    }

    @Test("listDirectory fails a missing path and a file with \"Directory does not exist: <dir>\"")
    func listMissingAndFile() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let missing = "/ctao/MC/PROD6/no-such-directory"
        let (successful, failed) = try await peer.bulk("listDirectory", [.list([.string(file), .string(missing), .string(Self.mcDataset)])])
        #expect(failed[file] == "Directory does not exist: \(file)")
        #expect(failed[missing] == "Directory does not exist: \(missing)")
        #expect(Array(successful.keys) == [Self.mcDataset])
    }

    @Test("a bad LFN fails alone with \"Invalid LFN: ...\", and results are keyed by the caller's spelling")
    func badLFNAndCallerSpelling() async throws {
        let peer = try await CatalogPeer.require()
        let bad = "/ctao/bad directory"
        let spelled = "LFN:" + Self.mcDataset + "/"
        let (successful, failed) = try await peer.bulk("listDirectory", [.list([.string(bad), .string(spelled)])])
        #expect(failed[bad]?.hasPrefix("Invalid LFN: ") == true)
        #expect(Array(successful.keys) == [spelled])
        #expect(successful[spelled]?.dictValue?["Files"]?.dictValue?.count == 4)
        for method in ["getDirectoryMetadata", "getDirectorySize", "getDirectoryDump", "getDirectoryReplicas"] {
            let answer = try await peer.bulk(method, [.list([.string(bad), .string(spelled)])])
            #expect(answer.failed[bad]?.hasPrefix("Invalid LFN: ") == true, "\(method)")
            #expect(Array(answer.successful.keys) == [spelled], "\(method)")
        }
    }

    @Test("listDirectory of a 1001-file dataset, verbose, takes O(1) requests per 1000 files, not one per file")
    func listingRequestCount() async throws {
        let setup = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("many") + "/run"
        let naming = setup.catalog.naming
        let dataset = try naming.did(for: directory).get()
        let files = try (0..<1001).map { index in
            RucioNewReplica(did: try naming.did(for: "\(directory)/f\(index).dat").get(), bytes: 1, adler32: "00010001")
        }
        try await setup.root.addCollection(RucioNewCollection(did: dataset, type: .dataset))
        try await setup.root.addReplicas(rse: "STORAGE-1", files: files)
        try await setup.root.attach([RucioAttachment(parent: dataset, dids: files.map(\.did))], ignoreDuplicate: false)

        let counter = CountingTransport(wrapping: CurlRucioTransport(configuration: RucioConfiguration(baseURL: setup.url)))
        let peer = try await CatalogPeer.require(transport: counter)
        counter.reset()
        let (successful, _) = try await peer.bulk("listDirectory", [.string(directory), true])
        let listed = try #require(successful[directory]?.dictValue?["Files"]?.dictValue)
        #expect(listed.count == 1001)
        #expect(listed["f1000.dat"]?.dictValue?["Replicas"]?.dictValue?.keys.elements == ["STORAGE-1"])
        // bulkmeta of the directory, bulkfiles of its dataset, bulkmeta of the files (2 × ≤1000), replicas/list.
        #expect((4...6).contains(counter.requests.count), "\(counter.requests)")
    }

    // MARK: getDirectoryMetadata

    @Test("getDirectoryMetadata answers the DFC's keys for containers and datasets; files and missing paths are \"<dir>: not found\"")
    func directoryMetadata() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let missing = "/ctao/none-such"
        let (successful, failed) = try await peer.bulk(
            "getDirectoryMetadata", [.list(["/ctao/MC", .string(Self.acadaDataset), .string(file), .string(missing)])])
        for directory in ["/ctao/MC", Self.acadaDataset] {
            let metadata = try #require(successful[directory]?.dictValue)
            #expect(Set(metadata.keys) == Self.directoryMetadataKeys)
            #expect(metadata["Mode"] == 509)
            #expect(metadata["Status"] == 0)
        }
        #expect(successful[Self.acadaDataset]?.dictValue?["Owner"] == "root")
        #expect(failed[file] == "\(file): not found")
        #expect(failed[missing] == "\(missing): not found")
    }

    // MARK: getDirectorySize

    @Test("getDirectorySize sums the whole tree: hidden, dataset and deep files; stray and expired children do not count")
    func directorySizeRecursive() async throws {
        let peer = try await CatalogPeer.require()
        let tree = try await DirectoryTree.shared.value
        let answer = try await peer.call("getDirectorySize", [.string(tree.base), true, false, true])
        let value = try #require(answer.value?.dictValue)
        guard case .double(let queryTime)? = value["QueryTime"] else {
            Issue.record("no QueryTime float in Value: \(answer.wireValue.pythonRepr)")
            return
        }
        #expect(queryTime >= 0)
        let size = try #require(value["Successful"]?.dictValue?[tree.base]?.dictValue)
        #expect(size["LogicalFiles"] == 4)
        #expect(size["LogicalSize"] == 1000)
        #expect(size["LogicalDirectories"] == 3)
        #expect(size["PhysicalSize"] == .dict([
            "STORAGE-1": .dict(["Size": 700, "Files": 3]),
            "STORAGE-2": .dict(["Size": 400, "Files": 2]),
            "TotalSize": 1100, "TotalFiles": 5,
        ]))
    }

    @Test("getDirectorySize of the native ACADA dataset matches the seed; PhysicalSize only with longOut, without the replicas a rule is still copying")
    func directorySizeNative() async throws {
        let peer = try await CatalogPeer.require()
        let seeded = peer.seedFiles.compactMap(\.objectValue).filter {
            POSIXPath.dirname($0["lfn"]?.stringValue ?? "") == Self.acadaDataset
        }
        let bytes = seeded.reduce(Int64(0)) { $0 + ($1["bytes"]?.intValue ?? 0) }
        #expect(seeded.count == 3)
        let short = try await peer.bulk("getDirectorySize", [.string(Self.acadaDataset)])
        #expect(short.successful[Self.acadaDataset] == .dict([
            "LogicalSize": .int(bytes), "LogicalFiles": 3, "LogicalDirectories": 0,
        ]))
        // The seed's rule asks for a copy on an OFFSITE RSE, which stays COPYING (no transfer daemon): not on storage.
        let copying = RucioRecordCollector<String>()
        let dataset = try peer.catalog.naming.did(for: Self.acadaDataset).get()
        try await peer.root.listReplicas(for: [dataset], query: RucioReplicaQuery(allStates: true, ignoreAvailability: true)) {
            for (rse, state) in $0.states where state == .copying { copying.append(rse) }
        }
        #expect(!copying.records.isEmpty)
        let long = try await peer.bulk("getDirectorySize", [.string(Self.acadaDataset), true])
        #expect(long.successful[Self.acadaDataset]?.dictValue?["PhysicalSize"] == .dict([
            "STORAGE-1": .dict(["Size": .int(bytes), "Files": 3]), "TotalSize": .int(bytes), "TotalFiles": 3,
        ]))
    }

    @Test("getDirectorySize fails files and missing paths with \"Directory not found\"; recursiveSum=False is S_ERROR \"Not implemented\"")
    func directorySizeFailures() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let answer = try await peer.call("getDirectorySize", [.list([.string(file), "/ctao/none-such"])])
        let value = try #require(answer.value?.dictValue)
        #expect(value["Failed"] == .dict([.init(file): "Directory not found", "/ctao/none-such": "Directory not found"]))
        #expect(value["QueryTime"] == .double(-1.0))
        let notImplemented = try await peer.call("getDirectorySize", [.string(Self.mcDataset), false, false, false])
        #expect(notImplemented.failure?.message == "Not implemented")
    }

    // MARK: getDirectoryDump

    @Test("getDirectoryDump lists every file below by LFN with Size and CreationDate, and every sub-directory at any depth")
    func directoryDump() async throws {
        let peer = try await CatalogPeer.require()
        let tree = try await DirectoryTree.shared.value
        let (successful, _) = try await peer.bulk("getDirectoryDump", [.string(tree.base)])
        let dump = try #require(successful[tree.base]?.dictValue)
        let files = try #require(dump["Files"]?.dictValue)
        #expect(Set(files.keys) == Set(tree.hidden + [tree.runFile, tree.deepFile]))
        let deep = try #require(files[tree.deepFile]?.dictValue)
        #expect(Set(deep.keys) == ["Size", "CreationDate"])
        #expect(deep["Size"] == 400)
        guard case .datetime? = deep["CreationDate"] else {
            Issue.record("CreationDate is not a datetime: \(String(describing: deep["CreationDate"]))")
            return
        }
        let subdirectories = try #require(dump["SubDirs"]?.listValue)
        #expect(Set(subdirectories.compactMap(\.stringValue)) == [tree.run, tree.sub, tree.deep])
        #expect(subdirectories.count == 3)
    }

    @Test("getDirectoryDump fails a missing path and a file with \"No such file or directory ( 2 : <dir> does not exist)\"")
    func directoryDumpMissing() async throws {
        let peer = try await CatalogPeer.require()
        let file = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let (_, failed) = try await peer.bulk("getDirectoryDump", [.list(["/ctao/none-such", .string(file)])])
        #expect(failed["/ctao/none-such"] == "No such file or directory ( 2 : /ctao/none-such does not exist)")
        #expect(failed[file] == "No such file or directory ( 2 : \(file) does not exist)")
    }

    // MARK: getDirectoryReplicas

    @Test("getDirectoryReplicas answers {name: {SE: pfn}} for the files directly in the directory")
    func directoryReplicas() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = peer.seedLFN(containing: "gamma_20deg_0deg_run1___")
        let record = try seed(peer, lfn)
        let tree = try await DirectoryTree.shared.value
        let (successful, failed) = try await peer.bulk(
            "getDirectoryReplicas", [.list([.string(Self.mcDataset), .string(tree.base), .string(tree.sub)]), false])
        #expect(failed.isEmpty)
        let native = try #require(successful[Self.mcDataset]?.dictValue)
        #expect(native.count == 4)
        let pfns = try #require(native[POSIXPath.basename(lfn)]?.dictValue)
        #expect(Set(pfns.keys) == ["STORAGE-1", "STORAGE-2"])
        #expect(Set(pfns.values.compactMap(\.stringValue)) == Set((record["pfns"]?.arrayValue ?? []).compactMap(\.stringValue)))
        let base = try #require(successful[tree.base]?.dictValue)
        #expect(Set(base.keys) == ["h1.dat", "h2.dat"])
        #expect(Set(base["h1.dat"]?.dictValue?.keys.elements ?? []) == ["STORAGE-1", "STORAGE-2"])
        #expect(successful[tree.sub] == .dict([:]))
    }

    @Test("getDirectoryReplicas answers {} for a path that is no directory, as the DFC does")
    func directoryReplicasMissing() async throws {
        let peer = try await CatalogPeer.require()
        let (successful, failed) = try await peer.bulk("getDirectoryReplicas", [.string("/ctao/none-such")])
        #expect(failed.isEmpty)
        #expect(successful["/ctao/none-such"] == .dict([:]))
    }
}
