import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST
import Synchronization

/// Directory paths as the DFC sees them (`os.path` on absolute, normalised LFNs).
public enum NamespacePath {
    /// The directories from the top (`/<vo>`) down to `path` itself: `/ctao/a/b` → `/ctao`, `/ctao/a`,
    /// `/ctao/a/b`. Empty for `/`.
    public static func chain(of path: String) -> [String] {
        var chain: [String] = []
        var current = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            chain.append(current)
        }
        return chain
    }

    /// `os.path.dirname` of a normalised absolute path (`/` for `/ctao`).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}

/// A directory the write methods need in Rucio (see `RucioCatalog.prepareDirectories`).
public struct DirectoryTarget: Sendable, Hashable {
    public var path: String
    /// What to create `path` as when Rucio does not have it: `.container` for `createDirectory`, `.dataset` for a
    /// directory that is to hold files at once; nil to leave missing levels to `/dirac/addfiles`, which creates
    /// them itself in the same transaction as the files.
    public var createAs: RucioDIDType?

    public init(path: String, createAs: RucioDIDType?) {
        self.path = path
        self.createAs = createAs
    }
}

/// What `prepareDirectories` did.
public struct PreparedDirectories: Sendable {
    /// Why a target cannot be used, by its path (the others are ready).
    public var failures: [String: String] = [:]
    /// The type of every level of the ready targets' chains that exists now (created, revived or found).
    public var types: [RucioDID: RucioDIDType] = [:]
    /// The DID of every chain path that could be named.
    public var dids: [String: RucioDID] = [:]
}

extension RucioCatalog {
    /// The `dids` columns of every DID Rucio holds, **expired ones included** (unlike `facts(of:in:)`): what the
    /// write methods need, since a removed file or directory still exists in Rucio until its undertaker runs and
    /// blocks its name (`POST /dids` answers 409, `/dirac/addfiles` skips it).
    public func storedFacts(of dids: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: DIDFacts]
    {
        guard !dids.isEmpty else { return [:] }
        let gathered = Gathered<RucioDID, DIDFacts>()
        try await session.bulkMetadata(for: dids, plugin: .didColumn) { record in
            gathered.set(record.did, DIDFacts(record: record))
        }
        return gathered.values
    }

    /// Makes directories usable, `mkdir -p` style, in Rucio's hierarchy (`docs/directory-model.md`):
    ///
    /// - the top level (`/<vo>`) must exist: it is Rucio's administrators' to create (`/dirac/addfiles` fails
    ///   with a plain 500 without it);
    /// - no level above a target may be a DATASET (or a file): Rucio datasets hold files only, so a clear reason
    ///   is given instead of Rucio's `UnsupportedOperation`;
    /// - missing levels are created (`createAs` for the target itself, CONTAINER above it) and attached to
    ///   their parent; levels a `removeDirectory` expired are attached again and their lifetime cleared;
    /// - with `reattachExisting`, every level below the top is attached to its parent again (ignoring
    ///   duplicates), which completes a `createDirectory` interrupted between creating and attaching.
    ///
    /// Each step tolerates "already done" (409 on creation, duplicate attachments), and the lifetime of a
    /// revived level is cleared last, so a retry after a failure half-way completes the work. A level Rucio
    /// refuses (4xx) fails the targets below it only; other Rucio failures end the call.
    public func prepareDirectories(
        _ targets: [DirectoryTarget], reattachExisting: Bool, in session: RucioAccountSession
    ) async throws(RucioError) -> PreparedDirectories {
        var prepared = PreparedDirectories()
        // Chains, named.
        var chains: [(target: DirectoryTarget, levels: [(path: String, did: RucioDID)])] = []
        var lookup: [RucioDID] = []
        var seen = Set<RucioDID>()
        for target in targets {
            var levels: [(path: String, did: RucioDID)] = []
            var rejected: String?
            for path in NamespacePath.chain(of: target.path) {
                switch naming.did(for: path) {
                case .success(let did):
                    levels.append((path, did))
                    prepared.dids[path] = did
                    if seen.insert(did).inserted { lookup.append(did) }
                case .failure(let rejection):
                    rejected = rejection.description
                }
                if rejected != nil { break }
            }
            if let rejected {
                prepared.failures[target.path] = rejected
            } else {
                chains.append((target, levels))
            }
        }
        let stored = try await storedFacts(of: lookup, in: session)
        let now = CatalogClock.nowSeconds()

        // What each level needs. A level needed as a container by one target and as the dataset of another
        // becomes a container (a dataset could not hold the first target).
        var create: OrderedDictionary<RucioDID, RucioDIDType> = [:]
        var links: OrderedDictionary<RucioDID, RucioDID> = [:]  // child → parent
        var required: Set<RucioDID> = []  // children whose link must be made (created or revived levels)
        var revive: OrderedSet<RucioDID> = []
        var ready: [(target: DirectoryTarget, levels: [(path: String, did: RucioDID)])] = []
        for (target, levels) in chains {
            guard let top = levels.first else {
                ready.append((target, levels))  // "/": always there for DIRAC
                continue
            }
            guard let facts = stored[top.did], facts.isCollection, !facts.isExpired(now: now) else {
                prepared.failures[target.path] =
                    "Directory \(top.path) does not exist in Rucio: top-level directories are created by Rucio's administrators"
                continue
            }
            var reason: String?
            for index in levels.indices.dropFirst() {
                let (path, did) = levels[index]
                let parent = levels[index - 1].did
                let isTarget = index == levels.count - 1
                if let facts = stored[did] {
                    let removed = facts.isExpired(now: now)
                        ? " (removed, kept by Rucio until its undertaker deletes it)" : ""
                    if facts.isFile {
                        reason = isTarget
                            ? "Cannot create directory \(path): a file of that name exists\(removed)"
                            : "Cannot create directory \(target.path): \(path) is a file\(removed)"
                        break
                    }
                    if !isTarget, facts.type == .dataset {
                        reason = "Cannot create directory \(target.path): \(path) is a Rucio dataset (a directory that "
                            + "holds files), which cannot hold sub-directories\(removed)"
                        break
                    }
                    if facts.isExpired(now: now) {
                        revive.append(did)
                        links[did] = parent
                        required.insert(did)
                    } else if reattachExisting {
                        links[did] = parent
                    }
                } else if let createAs = target.createAs {
                    let type = isTarget ? createAs : .container
                    if create[did] != .container { create[did] = type }
                    links[did] = parent
                    required.insert(did)
                } else {
                    break  // /dirac/addfiles creates this level and the ones below it
                }
            }
            if let reason {
                prepared.failures[target.path] = reason
            } else {
                ready.append((target, levels))
            }
        }

        // Create (parents first: `chain` order is top-down, and so is `create`), attach, then clear lifetimes.
        var refused = try await createCollections(create.map { ($0.key, $0.value) }, in: session)
        let pending = links.filter { refused[$0.key] == nil && refused[$0.value] == nil }
        // A refused link of a level that was already there (re-attached only to complete an interrupted call:
        // a closed container, another account's collection) leaves that level as it was.
        for (child, error) in try await attach(pending.map { ($0.key, $0.value) }, in: session) where required.contains(child) {
            refused[child] = error
        }
        for (did, error) in try await clearLifetime(revive.filter { refused[$0] == nil }, in: session) {
            refused[did] = error
        }

        for (target, levels) in ready {
            if let failed = levels.first(where: { refused[$0.did] != nil }) {
                let error = refused[failed.did]!
                prepared.failures[target.path] = "Cannot create directory \(failed.path): \(error.perLFNReason)"
                continue
            }
            for (_, did) in levels {
                if let type = create[did] {
                    prepared.types[did] = type
                } else if let facts = stored[did] {
                    prepared.types[did] = facts.type
                }
            }
        }
        return prepared
    }

    /// Creates datasets and containers (in the order given: parents first), one bulk `POST /dids` when it is
    /// accepted; otherwise one by one, taking an existing DID as done (a retry, or a concurrent creation).
    /// Returns the DIDs Rucio refused.
    public func createCollections(_ collections: [(RucioDID, RucioDIDType)], in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: RucioError]
    {
        let refused = try await bulkOrEach(
            collections,
            bulk: { (items: [(RucioDID, RucioDIDType)]) async throws(RucioError) in
                try await session.addCollections(items.map { RucioNewCollection(did: $0.0, type: $0.1) })
            },
            each: { (item: (RucioDID, RucioDIDType)) async throws(RucioError) in
                try await session.addCollection(RucioNewCollection(did: item.0, type: item.1))
            },
            tolerate: { $0.isDuplicate })
        return Dictionary(refused.map { (collections[$0.key].0, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Attaches each child to its parent (`ignore_duplicate`: already attached is done), one bulk request when
    /// accepted, else link by link. Returns the children whose attachment Rucio refused.
    public func attach(_ links: [(child: RucioDID, parent: RucioDID)], in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: RucioError]
    {
        let refused = try await bulkOrEach(
            links,
            bulk: { (items: [(child: RucioDID, parent: RucioDID)]) async throws(RucioError) in
                var byParent: OrderedDictionary<RucioDID, [RucioDID]> = [:]
                for item in items { byParent[item.parent, default: []].append(item.child) }
                try await session.attach(
                    byParent.map { RucioAttachment(parent: $0.key, dids: $0.value) }, ignoreDuplicate: true)
            },
            each: { (item: (child: RucioDID, parent: RucioDID)) async throws(RucioError) in
                try await session.attach([RucioAttachment(parent: item.parent, dids: [item.child])], ignoreDuplicate: true)
            },
            tolerate: { $0.isDuplicate })
        return Dictionary(refused.map { (links[$0.key].child, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs `bulk` over all items; when Rucio refuses it for something in it (a 4xx answer), runs `each` item
    /// by item to find which, and returns those Rucio refused, by index. `tolerate` marks the refusals that
    /// mean "already done". Server errors and transport failures end the operation (`S_ERROR`).
    func bulkOrEach<Item>(
        _ items: [Item],
        bulk: ([Item]) async throws(RucioError) -> Void,
        each: (Item) async throws(RucioError) -> Void,
        tolerate: (RucioError) -> Bool = { _ in false }
    ) async throws(RucioError) -> [Int: RucioError] {
        guard !items.isEmpty else { return [:] }
        if items.count > 1 {
            do throws(RucioError) {
                try await bulk(items)
                return [:]
            } catch where error.isItemRefusal || tolerate(error) {
                // Find the item(s) below.
            }
        }
        var refused: [Int: RucioError] = [:]
        for (index, item) in items.enumerated() {
            do throws(RucioError) {
                try await each(item)
            } catch where tolerate(error) {
                continue
            } catch where error.isItemRefusal {
                refused[index] = error
            }
        }
        return refused
    }

    /// `body` for every item, at most `width` at a time (for Rucio's per-DID endpoints, e.g. `listParents`).
    /// The first Rucio failure ends the whole operation.
    func concurrentMap<Item: Sendable, Output: Sendable>(
        _ items: [Item], width: Int = 8, _ body: @escaping @Sendable (Item) async throws(RucioError) -> Output
    ) async throws(RucioError) -> [Output] {
        let results = await withTaskGroup(of: (Int, Result<Output, RucioError>).self) { group in
            var results = [Result<Output, RucioError>?](repeating: nil, count: items.count)
            var next = 0
            while next < items.count {
                if next >= width, let (index, result) = await group.next() {
                    results[index] = result
                }
                let index = next
                let item = items[index]
                group.addTask {
                    do throws(RucioError) {
                        return (index, .success(try await body(item)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
            }
            return results
        }
        var outputs: [Output] = []
        outputs.reserveCapacity(items.count)
        for result in results {
            switch result {
            case .success(let output)?: outputs.append(output)
            case .failure(let error)?: throw error
            case nil: throw .cancelled
            }
        }
        return outputs
    }
}

extension RucioError {
    /// Rucio refused the request because of what it asked for (a 4xx answer: a DID missing or in the way, a
    /// refused permission, an unknown RSE…), which a request for the same items one by one can locate. Token
    /// failures are not: they concern every request.
    var isItemRefusal: Bool {
        if case .server(let error) = self { return (400..<500).contains(error.status) }
        return false
    }
}
