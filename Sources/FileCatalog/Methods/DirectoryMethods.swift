import DIRACWire
import OrderedCollections
import RucioREST
import Synchronization

/// The directory read methods: `listDirectory`, `getDirectoryMetadata`, `getDirectorySize`, `getDirectoryDump`,
/// `getDirectoryReplicas` (`dirac-surface.md` §1.3, §1.4), on the model of `docs/directory-model.md`.
///
/// A DIRAC directory is a Rucio collection named by its path. Its sub-directories are the child collections of
/// a CONTAINER; its files are the files of a DATASET directory, or of the hidden dataset `D/.dfc-files` of a
/// CONTAINER directory `D` (never shown itself). Only children named directly below the directory are shown
/// (Rucio lets any DID be attached anywhere; in DIRAC a path's parent is its `dirname`), and DIDs whose lifetime
/// is over are removed for DIRAC. Every answer is a few requests per 1000 entries: `listContent` of each
/// container, `bulkmeta` of the collections and files found, `bulkfiles` of the file-holding datasets,
/// `replicas/list` of those datasets.
public enum DirectoryMethods {
    /// `listDirectory`'s reason for a path that is no directory (`DirectoryLevelTree.getChildren`), files
    /// included.
    public static func doesNotExist(_ path: String) -> String { "Directory does not exist: \(path)" }

    /// Whether a replica (by its DFC status) counts in `getDirectorySize`'s `PhysicalSize`: the DFC counts every
    /// replica it has registered, and DIRAC registers a replica once its copy is on storage. Rucio's `COPYING`
    /// replicas (a rule's transfer not done yet) are not there yet; `UNAVAILABLE` and `BEING_DELETED` are how a
    /// replica is lost or removed.
    static func occupiesStorage(_ status: String) -> Bool {
        ![DFCRecords.replicaStatus(.copying), DFCRecords.replicaStatus(.unavailable), DFCRecords.replicaStatus(.beingDeleted)]
            .contains(status)
    }

    /// `getDirectoryMetadata`'s reason (`DirectoryTreeBase.__getDirID`).
    public static func notFound(_ path: String) -> String { "\(path): not found" }

    /// `getDirectorySize`'s reason (`_getDirectoryLogicalSize`).
    public static let directoryNotFound = "Directory not found"

    /// `getDirectoryDump`'s reason: `S_ERROR(errno.ENOENT, f"{path} does not exist")` as `Failed` holds its
    /// `Message`, `"No such file or directory ( 2 : <path> does not exist)"`.
    public static func dumpNotFound(_ path: String) -> String {
        DIRACError(errno: DErrno.ENOENT, "\(path) does not exist").message
    }

    /// `listDirectory(dirs, verbose=False)`: `{dir: {"Files": {name: {"MetaData": {...}[, "Replicas": {SE:
    /// {"PFN", "Status"}}]}}, "SubDirs": {path: True | metadata}, "Links": {}, "Datasets": {}}}`.
    ///
    /// As `DirectoryTreeBase._getDirectoryContents`: files keyed by their name in the directory (the client
    /// re-keys them to LFNs), only files in the visible status, sub-directories keyed by their full path with
    /// `True` or, verbose, their `getDirectoryMetadata` dictionary; verbose adds every file's visible replicas
    /// (`{}` for none). DIRAC datasets and links are not Rucio collections: always `{}`. A path that is no
    /// directory (nothing, or a file) fails with `"Directory does not exist: <dir>"`.
    public struct ListDirectory: CatalogMethod {
        public static let name = "listDirectory"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (lfns: LFNArgument, verbose: Bool) {
            try arguments.expectAtMost(2)
            return (try arguments.lfns(0, "lfns"), try arguments.bool(1, "verbose", default: false))
        }

        public func run(_ arguments: (lfns: LFNArgument, verbose: Bool), in context: CallContext) async -> DIRACResult {
            let verbose = arguments.verbose
            return await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) {
                resolved, session, result throws(RucioError) in
                let directories = try await catalog.directories(resolved, in: session)
                let nodes = Array(directories.values)
                let subdirectories = try await catalog.subdirectories(of: nodes, in: session)
                let files = try await catalog.files(in: nodes, in: session)
                let accounts = catalog.accounts
                let metadata = Gathered<RucioDID, DIRACValue>()
                let now = CatalogClock.nowSeconds()
                try await session.bulkMetadata(for: files.values.flatMap { $0 }, plugin: .didColumn) { record in
                    let facts = DIDFacts(record: record)
                    guard facts.isFile, !facts.isExpired(now: now), DFCRecords.isVisible(facts) else { return }
                    metadata.set(record.did, DFCRecords.listingFileMetadata(facts, accounts: accounts))
                }
                let replicas = Gathered<RucioDID, DIRACValue>()
                if verbose {
                    try await catalog.replicas(of: nodes.compactMap(catalog.fileSource), allStatus: false, in: session) {
                        replicas.set($0.did, DFCRecords.listingReplicas($0))
                    }
                }
                let metadataByDID = metadata.values
                let replicasByDID = replicas.values
                for (entry, _) in resolved.valid {
                    guard let node = directories[entry.lfn] else {
                        result.fail(entry, DirectoryMethods.doesNotExist(entry.lfn))
                        continue
                    }
                    var fileEntries: OrderedDictionary<String, DIRACValue> = [:]
                    for did in files[node.path] ?? [] {
                        guard let meta = metadataByDID[did] else { continue }
                        var fileEntry: OrderedDictionary<String, DIRACValue> = ["MetaData": meta]
                        if verbose { fileEntry["Replicas"] = replicasByDID[did] ?? .dict([:]) }
                        fileEntries[POSIXPath.basename(catalog.naming.lfn(of: did))] = .dict(fileEntry)
                    }
                    var subdirectoryEntries: OrderedDictionary<String, DIRACValue> = [:]
                    for child in subdirectories[node.path] ?? [] {
                        subdirectoryEntries[child.path] = verbose ? DFCRecords.directoryMetadata(child.facts, accounts: accounts) : true
                    }
                    result.succeed(entry, .dict([
                        "Files": .dict(fileEntries), "SubDirs": .dict(subdirectoryEntries), "Links": .dict([:]),
                        "Datasets": .dict([:]),
                    ]))
                }
            }
        }
    }

    /// `getDirectoryMetadata(dirs)`: `{dir: {DirID, UID, Owner, GID, OwnerGroup, Status, Mode, CreationDate,
    /// ModificationDate}}` of the collection (`DirectoryTreeBase.getDirectoryParameters`); files and unknown paths
    /// fail with `"<dir>: not found"`. One `bulkmeta` per 1000 paths.
    public struct GetDirectoryMetadata: FactsReadMethod {
        public static let name = "getDirectoryMetadata"
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        func answer(_ entry: LFNArgument.Entry, _ facts: DIDFacts?, into result: inout BulkResult) {
            if let facts, facts.isCollection {
                result.succeed(entry, DFCRecords.directoryMetadata(facts, accounts: catalog.accounts))
            } else {
                result.fail(entry, DirectoryMethods.notFound(entry.lfn))
            }
        }
    }
}

extension DirectoryMethods {
    /// `getDirectorySize(dirs, longOut=False, fromFiles=False, recursiveSum=True)`: `{dir: {LogicalSize,
    /// LogicalFiles, LogicalDirectories[, PhysicalSize: {SE: {Size, Files}, TotalSize, TotalFiles}]}}`, with the
    /// DFC's `QueryTime` (seconds) beside `Successful`/`Failed` in `Value` (`FileCatalogDB.getDirectorySize`;
    /// -1.0 when no directory was found, as there).
    ///
    /// Recursive, like the DFC's usage tables: every live directory below counts in `LogicalDirectories`, every
    /// file below (any status) in `LogicalFiles`/`LogicalSize`, every replica of those files that holds data (not
    /// Rucio's `COPYING`, `UNAVAILABLE` or `BEING_DELETED`: `occupiesStorage`) in its SE's `PhysicalSize`, which is
    /// `{}` without replicas. `fromFiles` changes nothing: Rucio's own
    /// state is always what is counted. `recursiveSum=False` is the DFC's `S_ERROR("Not implemented")`; paths
    /// that are no directory fail with `"Directory not found"`. The tree is walked one `listContent` per
    /// container (one `bulkmeta` per 1000 collections of a level), the files counted with one `bulkfiles` per
    /// 1000 datasets and the replicas with one `replicas/list` per 1000 datasets.
    public struct GetDirectorySize: CatalogMethod {
        public struct Arguments: Sendable {
            public var lfns: LFNArgument
            public var longOutput: Bool
            public var fromFiles: Bool
            public var recursiveSum: Bool
        }

        public static let name = "getDirectorySize"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> Arguments {
            try arguments.expectAtMost(4)
            return Arguments(
                lfns: try arguments.lfns(0, "lfns"), longOutput: try arguments.bool(1, "longOut", default: false),
                fromFiles: try arguments.bool(2, "fromFiles", default: false),
                recursiveSum: try arguments.bool(3, "recursiveSum", default: true))
        }

        public func run(_ arguments: Arguments, in context: CallContext) async -> DIRACResult {
            guard arguments.recursiveSum else { return .error("Not implemented") }
            let longOutput = arguments.longOutput
            let clock = ContinuousClock()
            let start = clock.now
            var answer = await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) {
                resolved, session, result throws(RucioError) in
                let directories = try await catalog.directories(resolved, in: session)
                var sizes: [String: DIRACValue] = [:]
                for (path, node) in directories {
                    let tree = [node] + (try await catalog.descendants(of: node, in: session))
                    let paths = Set(tree.map(\.path))
                    let logical = Mutex<(files: Int64, bytes: Int64)>((0, 0))
                    try await catalog.forEachFile(in: tree, in: session) { _, file in
                        logical.withLock { $0 = ($0.files + 1, $0.bytes + (file.bytes ?? 0)) }
                    }
                    let (files, bytes) = logical.withLock { $0 }
                    var size = DFCRecords.logicalSize(files: files, bytes: bytes, directories: Int64(tree.count - 1))
                    if longOutput {
                        let usage = Mutex<[String: (bytes: Int64, files: Int64)]>([:])
                        let naming = catalog.naming
                        try await catalog.replicas(of: tree.compactMap(catalog.fileSource), allStatus: true, in: session) {
                            replicas in
                            guard paths.contains(POSIXPath.dirname(naming.lfn(of: replicas.did))) else { return }
                            usage.withLock { usage in
                                for (se, status) in replicas.statusBySE where DirectoryMethods.occupiesStorage(status) {
                                    let (seBytes, seFiles) = usage[se] ?? (0, 0)
                                    usage[se] = (seBytes + (replicas.bytes ?? 0), seFiles + 1)
                                }
                            }
                        }
                        size["PhysicalSize"] = DFCRecords.physicalSize(usage.withLock { $0 })
                    }
                    sizes[path] = .dict(size)
                }
                for (entry, _) in resolved.valid {
                    if let size = sizes[entry.lfn] {
                        result.succeed(entry, size)
                    } else {
                        result.fail(entry, DirectoryMethods.directoryNotFound)
                    }
                }
            }
            if case .ok(.dict(var value)) = answer.outcome {
                let found = !(value["Successful"]?.dictValue?.isEmpty ?? true)
                let elapsed = start.duration(to: clock.now).components
                value["QueryTime"] = .double(found ? Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18 : -1.0)
                answer.outcome = .ok(.dict(value))
            }
            return answer
        }
    }

    /// `getDirectoryDump(dirs)`: `{dir: {"Files": {lfn: {"Size", "CreationDate"}}, "SubDirs": [path, ...]}}` of the
    /// whole tree below each directory (`DirectoryTreeBase._getDirectoryDump`): files keyed by LFN, visible files
    /// only, every live sub-directory at any depth. A path that is no directory fails with `"No such file or
    /// directory ( 2 : <dir> does not exist)"`.
    public struct GetDirectoryDump: CatalogMethod {
        public static let name = "getDirectoryDump"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.onlyLFNs()
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let directories = try await catalog.directories(resolved, in: session)
                var dumps: [String: DIRACValue] = [:]
                for (path, node) in directories {
                    let below = try await catalog.descendants(of: node, in: session)
                    let files = RucioRecordCollector<RucioDID>()
                    try await catalog.forEachFile(in: [node] + below, in: session) { _, file in files.append(file.did) }
                    let entries = Gathered<RucioDID, DIRACValue>()
                    let now = CatalogClock.nowSeconds()
                    let fileDIDs = files.records
                    try await session.bulkMetadata(for: fileDIDs, plugin: .didColumn) { record in
                        let facts = DIDFacts(record: record)
                        guard facts.isFile, !facts.isExpired(now: now), DFCRecords.isVisible(facts) else { return }
                        entries.set(record.did, DFCRecords.dumpEntry(facts))
                    }
                    let entryByDID = entries.values
                    var fileEntries: OrderedDictionary<String, DIRACValue> = [:]
                    for did in fileDIDs {
                        if let entry = entryByDID[did] { fileEntries[catalog.naming.lfn(of: did)] = entry }
                    }
                    dumps[path] = .dict(["Files": .dict(fileEntries), "SubDirs": .list(below.map { .string($0.path) })])
                }
                for (entry, _) in resolved.valid {
                    if let dump = dumps[entry.lfn] {
                        result.succeed(entry, dump)
                    } else {
                        result.fail(entry, DirectoryMethods.dumpNotFound(entry.lfn))
                    }
                }
            }
        }
    }

    /// `getDirectoryReplicas(dirs, allStatus=False)`: `{dir: {name: {SE: pfn}}}` for the files directly in each
    /// directory that have a replica in the view asked for (`FileManagerBase.getDirectoryReplicas`: keyed by file
    /// name, which the client turns into LFNs). `allStatus` false lists visible replicas only (Rucio's
    /// `AVAILABLE`), true every replica. As in the DFC, which looks the files up by a directory id that is empty
    /// for a path that is no directory, such a path answers `{}` rather than failing. One `replicas/list` per
    /// 1000 directories.
    public struct GetDirectoryReplicas: CatalogMethod {
        public static let name = "getDirectoryReplicas"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (lfns: LFNArgument, allStatus: Bool) {
            try arguments.expectAtMost(2)
            return (try arguments.lfns(0, "lfns"), try arguments.bool(1, "allStatus", default: false))
        }

        public func run(_ arguments: (lfns: LFNArgument, allStatus: Bool), in context: CallContext) async -> DIRACResult {
            let allStatus = arguments.allStatus
            return await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) {
                resolved, session, result throws(RucioError) in
                let directories = try await catalog.directories(resolved, in: session)
                let paths = Set(directories.keys)
                let naming = catalog.naming
                let listed = Mutex<[String: OrderedDictionary<String, DIRACValue>]>([:])
                try await catalog.replicas(of: directories.values.compactMap(catalog.fileSource), allStatus: allStatus, in: session) {
                    replicas in
                    let lfn = naming.lfn(of: replicas.did)
                    let directory = POSIXPath.dirname(lfn)
                    guard !replicas.statusBySE.isEmpty, paths.contains(directory) else { return }
                    listed.withLock { $0[directory, default: [:]][POSIXPath.basename(lfn)] = replicas.pfnDictionary }
                }
                let replicasByDirectory = listed.withLock { $0 }
                for (entry, _) in resolved.valid {
                    result.succeed(entry, .dict(replicasByDirectory[entry.lfn] ?? [:]))
                }
            }
        }
    }
}

extension MethodRegistry {
    mutating func registerDirectoryMethods(_ catalog: RucioCatalog) {
        register(DirectoryMethods.ListDirectory(catalog: catalog))
        register(DirectoryMethods.GetDirectoryMetadata(catalog: catalog))
        register(DirectoryMethods.GetDirectorySize(catalog: catalog))
        register(DirectoryMethods.GetDirectoryDump(catalog: catalog))
        register(DirectoryMethods.GetDirectoryReplicas(catalog: catalog))
    }
}
