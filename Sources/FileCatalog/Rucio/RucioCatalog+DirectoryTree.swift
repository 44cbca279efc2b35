import DIRACWire
import OrderedCollections
import RucioREST
import Synchronization

/// How directories are found and walked in Rucio for the directory methods: which requested paths are live
/// collections, the collection holding a directory's own files (itself or its hidden `.dfc-files`), its live
/// sub-directories, the tree below it, and its files, each in bulk requests.

/// A DIRAC directory found in Rucio: its path and its collection's facts.
struct DirectoryNode: Sendable {
    var path: String
    var facts: DIDFacts
}

/// Values gathered by key from a listing callback, which runs on the transfer thread, in arrival order.
final class Bins<Value: Sendable>: Sendable {
    private let storage = Mutex<[String: [Value]]>([:])

    func append(_ key: String, _ value: Value) { storage.withLock { $0[key, default: []].append(value) } }

    var values: [String: [Value]] { storage.withLock { $0 } }
}

extension RucioCatalog {
    /// The requested paths that are directories (live collections), by path in the caller's order (requests
    /// built from them must not depend on hash order: replay tests match them): one `bulkmeta` per 1000.
    func directories(_ resolved: ResolvedPaths, in session: RucioAccountSession) async throws(RucioError)
        -> OrderedDictionary<String, DirectoryNode>
    {
        let found = try await facts(of: resolved.dids, in: session)
        var directories: OrderedDictionary<String, DirectoryNode> = [:]
        for (entry, did) in resolved.valid {
            if let facts = found[did], facts.isCollection { directories[entry.lfn] = DirectoryNode(path: entry.lfn, facts: facts) }
        }
        return directories
    }

    /// The collection holding a directory's own files: a DATASET directory itself, the hidden `D/.dfc-files` of
    /// a CONTAINER directory (which may not exist: Rucio then lists nothing for it).
    func fileSource(of directory: DirectoryNode) -> RucioDID? {
        switch directory.facts.type {
        case .dataset: directory.facts.did
        case .container: naming.hiddenFilesDID(of: directory.facts.did)
        default: nil
        }
    }

    /// The live sub-directories of directories, by parent path, in Rucio's order: `listContent` of each
    /// CONTAINER (DATASETs hold none), then one `bulkmeta` per 1000 of the collections found, which drops those
    /// whose lifetime is over. The hidden files dataset and collections not named directly below the parent are
    /// no sub-directories.
    func subdirectories(of parents: [DirectoryNode], in session: RucioAccountSession) async throws(RucioError)
        -> [String: [DirectoryNode]]
    {
        let naming = self.naming
        var candidates: [(parent: String, did: RucioDID)] = []
        for parent in parents where parent.facts.type == .container {
            let children = RucioRecordCollector<RucioDID>()
            let path = parent.path
            try await session.listContent(of: parent.facts.did) { child in
                guard child.type.isCollection, !LFNNaming.isHiddenFilesDataset(child.did),
                    POSIXPath.dirname(naming.lfn(of: child.did)) == path
                else { return }
                children.append(child.did)
            }
            candidates += children.records.map { (path, $0) }
        }
        let live = try await facts(of: candidates.map(\.did), in: session)
        var subdirectories: [String: [DirectoryNode]] = [:]
        for (parent, did) in candidates {
            guard let facts = live[did], facts.isCollection else { continue }
            subdirectories[parent, default: []].append(DirectoryNode(path: naming.lfn(of: did), facts: facts))
        }
        return subdirectories
    }

    /// Every live directory below a directory (itself excluded), level by level, each level found with
    /// `subdirectories(of:in:)`. A child's path is its parent's plus one name, so the walk ends.
    func descendants(of directory: DirectoryNode, in session: RucioAccountSession) async throws(RucioError)
        -> [DirectoryNode]
    {
        var found: [DirectoryNode] = []
        var level = [directory]
        while !level.isEmpty {
            let children = try await subdirectories(of: level, in: session)
            let next = level.flatMap { children[$0.path] ?? [] }
            found += next
            level = next.filter { $0.facts.type == .container }
        }
        return found
    }

    /// Calls `body` with each file directly in the directories (their path, the file), from one
    /// `POST /dids/bulkfiles` per 1000 file-holding datasets; files not named directly in their directory are
    /// left out. Streams, so a size keeps no per-file state.
    func forEachFile(
        in directories: [DirectoryNode], in session: RucioAccountSession,
        _ body: @escaping @Sendable (String, RucioFileEntry) throws -> Void
    ) async throws(RucioError) {
        var pathBySource: OrderedDictionary<RucioDID, String> = [:]
        for directory in directories {
            if let source = fileSource(of: directory) { pathBySource[source] = directory.path }
        }
        guard !pathBySource.isEmpty else { return }
        let naming = self.naming
        let sources = pathBySource
        try await session.bulkFiles(of: Array(sources.keys)) { file in
            guard let parent = file.parent, let path = sources[parent],
                POSIXPath.dirname(naming.lfn(of: file.did)) == path
            else { return }
            try body(path, file)
        }
    }

    /// The files directly in each directory, by path, in Rucio's order (`forEachFile`).
    func files(in directories: [DirectoryNode], in session: RucioAccountSession) async throws(RucioError)
        -> [String: [RucioDID]]
    {
        let bins = Bins<RucioDID>()
        try await forEachFile(in: directories, in: session) { path, file in bins.append(path, file.did) }
        return bins.values
    }
}
