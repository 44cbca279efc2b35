import DIRACWire
import OrderedCollections
import RucioREST

/// The directory write methods: `createDirectory`, `removeDirectory` (`dirac-surface.md` §1.3, §6.5, §7), on
/// the directory model of `docs/directory-model.md`: a directory made by `createDirectory` is a Rucio
/// CONTAINER (it can receive sub-directories later, as CTADIRAC's production flow needs), the directory that
/// holds files a DATASET.
public enum DirectoryWriteMethods {
    /// The DFC's answer for a directory `removeDirectory` does not find (in `Successful`: DFC's
    /// `DirectoryTreeBase.removeDirectory`).
    public static let directoryDoesNotExist = "Directory does not exist"
    /// The DFC's reason for a directory that still holds something.
    public static let nonEmptyDirectory = "Failed to remove non-empty directory"

    /// `createDirectory(dirs)`: `{dir: True}`, `mkdir -p` as the DFC's `DirectoryTreeBase.makeDirectories`:
    /// every missing level is created as a CONTAINER attached to its parent, an existing collection (container
    /// or dataset) is success, so the call is idempotent and a retry completes an interrupted one (every level
    /// is attached to its parent again, ignoring duplicates).
    ///
    /// Refused per directory, with the reason: a level above it that is a DATASET (Rucio datasets hold files
    /// only, Rucio itself would answer `UnsupportedOperation`), a file in the way, a top-level directory
    /// (`/<vo>`) Rucio does not have. A directory `removeDirectory` expired and Rucio still keeps is brought
    /// back (attached again, lifetime cleared).
    public struct CreateDirectory: CatalogMethod {
        public static let name = "createDirectory"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.onlyLFNs()
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let targets = resolved.valid.map { DirectoryTarget(path: $0.entry.lfn, createAs: .container) }
                let prepared = try await catalog.prepareDirectories(targets, reattachExisting: true, in: session)
                for (entry, _) in resolved.valid {
                    if let reason = prepared.failures[entry.lfn] {
                        result.fail(entry, reason)
                    } else {
                        result.succeed(entry, true)
                    }
                }
            }
        }
    }

    /// `removeDirectory(dirs)` (the client drops its `recursive` flag): removes **empty** directories only, as
    /// the DFC's `DirectoryTreeBase.removeDirectory`:
    ///
    /// - a directory that does not exist (or a file's path) → `Successful[dir] = "Directory does not exist"`;
    /// - a collection with any visible child (a file, a sub-directory, a file of its hidden `.dfc-files`
    ///   dataset) → `Failed[dir] = "Failed to remove non-empty directory"`;
    /// - an empty one is detached from its parent and expired (with its empty hidden dataset, if any), as
    ///   `removeFile` does with files (`RucioCatalog+Removal.swift`: Rucio's undertaker deletes it later) →
    ///   `Successful[dir]` is the DFC's own value, the result of its row deletion:
    ///   `{"OK": True, "Value": 1, "DirID": id}`.
    ///
    /// The top-level directory (`/<vo>`) is refused: Rucio's `/dirac/addfiles` cannot work without it.
    public struct RemoveDirectory: CatalogMethod {
        public static let name = "removeDirectory"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            // DIRAC's client drops `recursive` before sending (the DFC handler takes one argument).
            try arguments.onlyLFNs()
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session)
                var collections: [RucioDID] = []
                for (entry, did) in resolved.valid {
                    guard let facts = found[did], facts.isCollection else {
                        result.succeed(entry, .string(directoryDoesNotExist))
                        continue
                    }
                    if NamespacePath.chain(of: entry.lfn).count < 2 {
                        result.fail(entry, "\(entry.lfn) is a top-level directory: Rucio's administrators keep it")
                        continue
                    }
                    if !collections.contains(did) { collections.append(did) }
                }
                let contents = try await catalog.visibleContents(of: collections, in: session)
                let empty = collections.filter { contents[$0]?.isEmpty ?? true }
                let refused = try await catalog.removeCollections(
                    empty, hiddenDatasets: contents.compactMapValues(\.hiddenDataset), in: session)
                for (entry, did) in resolved.valid where collections.contains(did) {
                    if let error = refused[did] {
                        result.fail(entry, error.perLFNReason)
                    } else if contents[did]?.isEmpty ?? true {
                        result.succeed(entry, .dict(["OK": true, "Value": 1, "DirID": .int(DFCRecords.numericID(of: did))]))
                    } else {
                        result.fail(entry, nonEmptyDirectory)
                    }
                }
            }
        }
    }
}

/// What a collection holds for DIRAC: its children that are not removed, with the files of its hidden
/// `.dfc-files` dataset counted as its own.
struct VisibleContents: Sendable {
    /// Visible children (the hidden dataset itself excluded) and visible files of the hidden dataset.
    var count = 0
    /// The hidden dataset attached to the collection, if any (visible or not).
    var hiddenDataset: RucioDID?

    var isEmpty: Bool { count == 0 }
}

extension RucioCatalog {
    /// The contents of collections (`GET …/dids` per collection, and per hidden dataset), with removed (expired)
    /// children left out: what `removeDirectory` needs to decide "empty".
    func visibleContents(of collections: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: VisibleContents]
    {
        let naming = self.naming
        let children = try await concurrentMap(collections) { (collection: RucioDID) async throws(RucioError) -> [RucioContentEntry] in
            let collector = RucioRecordCollector<RucioContentEntry>()
            try await session.listContent(of: collection) { collector.append($0) }
            var entries = collector.records
            let hidden = naming.hiddenFilesDID(of: collection)
            if entries.contains(where: { $0.did == hidden && $0.type == .dataset }) {
                let inner = RucioRecordCollector<RucioContentEntry>()
                try await session.listContent(of: hidden) { inner.append($0) }
                entries += inner.records
            }
            return entries
        }
        var all: [RucioDID] = []
        for entries in children { all += entries.map(\.did) }
        let visible = try await facts(of: all, in: session)
        var contents: [RucioDID: VisibleContents] = [:]
        for (collection, entries) in zip(collections, children) {
            let hidden = naming.hiddenFilesDID(of: collection)
            var value = VisibleContents()
            for entry in entries {
                if entry.did == hidden {
                    value.hiddenDataset = hidden
                } else if visible[entry.did] != nil {
                    value.count += 1
                }
            }
            contents[collection] = value
        }
        return contents
    }
}

extension MethodRegistry {
    mutating func registerDirectoryWriteMethods(_ catalog: RucioCatalog) {
        register(DirectoryWriteMethods.CreateDirectory(catalog: catalog))
        register(DirectoryWriteMethods.RemoveDirectory(catalog: catalog))
    }
}
