import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST
import ScopeAlgorithms
import Synchronization

/// What running a query cost in Rucio requests (reported by `explain --execute` and in the debug log).
public final class QueryCounters: Sendable {
    private let counts = Mutex<OrderedDictionary<String, Int>>([:])

    public init() {}

    func count(_ kind: String, _ number: Int = 1) { counts.withLock { $0[kind, default: 0] += number } }

    public var snapshot: OrderedDictionary<String, Int> { counts.withLock { $0 } }
    public var total: Int { snapshot.values.reduce(0, +) }
}

/// The result of a query: the directory selection and the files in it.
public struct QueryAnswer: Sendable {
    public var selection: DirectorySelection
    /// Sorted, without duplicates.
    public var lfns: [String]
}

extension RucioCatalog {
    /// Plans a query: the schema decides each key's level (`MetaQuery(parsing:schema:)`).
    public func plan(
        _ query: OrderedDictionary<String, DIRACValue>, path: String, in session: RucioAccountSession
    ) async throws(RucioError) -> Result<QueryPlan, DIRACError> {
        let schema = try await metadataSchema(in: session)
        let expanded: OrderedDictionary<String, DIRACValue>
        switch try await expandingMetaSets(query, schema: schema, in: session) {
        case .success(let value): expanded = value
        case .failure(let error): return .failure(error)
        }
        do throws(DIRACError) {
            let parsed = try MetaQuery(parsing: expanded, schema: schema)
            return .success(QueryPlan(query: parsed, path: LFNArgument.normalise(path.isEmpty ? "/" : path), algorithm: naming.algorithm))
        } catch {
            return .failure(error)
        }
    }

    /// Runs a plan. `filesWanted` false stops after the directory phase (`findDirectoriesByMetadata`).
    public func run(
        _ plan: QueryPlan, filesWanted: Bool = true, counters: QueryCounters = QueryCounters(), in session: RucioAccountSession
    ) async throws(RucioError) -> Result<QueryAnswer, DIRACError> {
        let path = plan.path
        // 1. The path and its ancestors.
        var chain = ancestorDIDs(of: path)
        if path != "/" {
            guard case .success(let own) = naming.did(for: path) else { return .failure(DIRACError("Directory \(path) not found")) }
            chain.append((path, own))
        }
        counters.count("bulkmeta", chain.isEmpty ? 0 : 1)
        let chainHolders = try await metadataHolders(of: chain.map(\.did), in: session)
        if let own = chain.last, own.path == path, chainHolders[own.did]?.facts.isCollection != true {
            return .failure(DIRACError("Directory \(path) not found"))
        }
        var remaining: [(term: MetaTerm, filters: OrderedDictionary<String, JSON>?)] = []
        for search in plan.directorySearches {
            let carrier = chain.reversed().lazy.compactMap { chainHolders[$0.did]?.json[search.term.key] }.first
            if let carrier {
                if search.term.matches(carrier) { continue }
                // The key is set above: below, nothing can hold it otherwise (the DFC's no-conflict rule).
                return .success(QueryAnswer(selection: DirectorySelection(include: []), lfns: []))
            }
            remaining.append(search)
        }
        let scopes = try await resolveScopes(plan.scopes, path: path, counters: counters, in: session)

        // 2. The directory keys below the path.
        var selection: DirectorySelection
        if plan.query.directoryTerms.isEmpty {
            selection = path == "/" ? .all : DirectorySelection(include: [path])
        } else if remaining.isEmpty {
            selection = DirectorySelection(include: [path])
        } else {
            selection = try await selectDirectories(remaining, below: path, scopes: scopes, counters: counters, in: session)
        }
        guard filesWanted, !selection.isEmpty else { return .success(QueryAnswer(selection: selection, lfns: [])) }

        // 3. Files.
        if plan.fileTerms.isEmpty {
            if selection.isAll { return .success(QueryAnswer(selection: selection, lfns: [])) }
            let lfns = try await filesInSelection(selection, below: path, counters: counters, in: session)
            return .success(QueryAnswer(selection: selection, lfns: lfns))
        }
        let lfns = try await filesMatching(plan, selection: selection, scopes: scopes, counters: counters, in: session)
        return .success(QueryAnswer(selection: selection, lfns: lfns))
    }

    /// The scopes to search: the one the path implies, or those Rucio lists that the path allows (for `/`, the
    /// configured `queryScopes` when set).
    func resolveScopes(_ range: ScopeRange, path: String, counters: QueryCounters, in session: RucioAccountSession)
        async throws(RucioError) -> [String]
    {
        if case .one(let scope) = range { return [scope] }
        if path == "/", let configured = metadata.queryScopes { return configured }
        counters.count("scopes")
        return try await session.listScopes().filter(range.contains).sorted()
    }

    /// `GET /dids/{scope}/dids/search` collecting DIDs. Rucio fails a numeric comparison on a key some DID holds
    /// as a string (500 `InvalidMetadata`): the search is then repeated without comparisons, which the gateway's
    /// own check applies instead.
    func searchNames(
        scope: String, filters: OrderedDictionary<String, JSON>, type: RucioDIDSearchType, counters: QueryCounters,
        in session: RucioAccountSession
    ) async throws(RucioError) -> [RucioDID] {
        try await searchNames(scope: scope, groups: [filters], type: type, counters: counters, in: session)
    }

    /// The same with OR groups (Rucio's `filters` list); a group's comparisons are dropped on `InvalidMetadata`.
    func searchNames(
        scope: String, groups: [OrderedDictionary<String, JSON>], type: RucioDIDSearchType, counters: QueryCounters,
        in session: RucioAccountSession
    ) async throws(RucioError) -> [RucioDID] {
        var groups = groups.filter { !$0.isEmpty }
        while true {
            let collector = RucioRecordCollector<RucioDID>()
            counters.count("search")
            do {
                try await session.searchDIDs(scope: scope, filters: groups, type: type) { collector.append($0.did) }
                var seen = Set<RucioDID>()
                return collector.records.filter { seen.insert($0).inserted }
            } catch where error.hasExceptionClass("InvalidMetadata") && groups.contains(where: { $0.keys.contains { $0.contains(".") } }) {
                counters.count("search fallback")
                groups = groups.map { $0.filter { !$0.key.contains(".") } }
            }
        }
    }

    /// Columns and JSON metadata of many DIDs, 1000 per `bulkmeta`, several at once.
    func holdersConcurrently(_ dids: [RucioDID], withJSON: Bool = true, counters: QueryCounters, in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: MetadataHolder]
    {
        let chunks = stride(from: 0, to: dids.count, by: 1000).map { Array(dids[$0..<min($0 + 1000, dids.count)]) }
        counters.count(withJSON ? "bulkmeta" : "bulkmeta(columns)", chunks.count)
        let parts = try await concurrentMap(chunks, width: metadata.queryConcurrency) { (chunk: [RucioDID]) async throws(RucioError) in
            try await self.metadataHolders(of: chunk, withJSON: withJSON, in: session)
        }
        var all: [RucioDID: MetadataHolder] = [:]
        for part in parts { all.merge(part) { first, _ in first } }
        return all
    }

    /// The directory phase for the keys the path does not already satisfy.
    func selectDirectories(
        _ terms: [(term: MetaTerm, filters: OrderedDictionary<String, JSON>?)], below path: String, scopes: [String],
        counters: QueryCounters, in session: RucioAccountSession
    ) async throws(RucioError) -> DirectorySelection {
        let name = QueryPlan.nameFilter(below: path)
        var candidates: [[RucioDID]] = []
        if terms.contains(where: { $0.filters == nil }) {
            // One scan of the collections below the path serves every key.
            var scan: OrderedDictionary<String, JSON> = [:]
            if let name { scan["name"] = name }
            let filters = scan
            let found = try await concurrentMap(scopes, width: metadata.queryConcurrency) { (scope: String) async throws(RucioError) in
                try await self.searchNames(scope: scope, filters: filters, type: .collection, counters: counters, in: session)
            }
            candidates = Array(repeating: found.flatMap { $0 }, count: terms.count)
        } else {
            let searches = terms.flatMap { term in scopes.map { (term.filters ?? [:], $0) } }
            let found = try await concurrentMap(searches, width: metadata.queryConcurrency) {
                (search: (OrderedDictionary<String, JSON>, String)) async throws(RucioError) in
                var filters = search.0
                if let name { filters["name"] = name }
                return try await self.searchNames(scope: search.1, filters: filters, type: .collection, counters: counters, in: session)
            }
            for index in terms.indices {
                candidates.append(found[(index * scopes.count)..<((index + 1) * scopes.count)].flatMap { $0 })
            }
        }
        var unique: [RucioDID] = []
        var seen = Set<RucioDID>()
        for did in candidates.joined() where seen.insert(did).inserted
            && DirectorySelection.isUnder(did.name, path) && did.name != path && !LFNNaming.isHiddenFilesDataset(did)
        {
            unique.append(did)
        }
        let holders = try await holdersConcurrently(unique, counters: counters, in: session)
        var selection = DirectorySelection(include: [path])
        for (index, search) in terms.enumerated() {
            let collections = candidates[index].filter { holders[$0]?.facts.isCollection == true }
            let term = search.term
            if term.conditions.contains(.missing) {
                // Every directory below one that holds the key is out; the rest of the path's subtree is in.
                let holding = collections.filter { holders[$0]?.json[term.key] != nil }.map(\.name)
                selection = selection.intersection(DirectorySelection(include: [path], exclude: holding))
            } else {
                let roots = collections.filter { did in holders[did]?.json[term.key].map { term.matches($0) } ?? false }.map(\.name)
                selection = selection.intersection(DirectorySelection(include: roots))
            }
            if selection.isEmpty { break }
        }
        return selection
    }

    /// Every file in the selected directories (no file key): `GET …/files` of each selected collection.
    func filesInSelection(_ selection: DirectorySelection, below path: String, counters: QueryCounters, in session: RucioAccountSession)
        async throws(RucioError) -> [String]
    {
        let roots = selection.include.compactMap { try? naming.did(for: $0).get() }
        counters.count("files", roots.count)
        let lists = try await concurrentMap(roots, width: metadata.queryConcurrency) { (root: RucioDID) async throws(RucioError) in
            let collector = RucioRecordCollector<String>()
            try await session.listFiles(of: root) { collector.append($0.did.name) }
            return collector.records
        }
        var lfns = Set<String>()
        for name in lists.joined() where DirectorySelection.isUnder(name, path) && selection.contains(file: name) {
            lfns.insert(name)
        }
        return lfns.sorted()
    }

    /// Files matching the file keys in the selected directories: searched in Rucio with what it can evaluate,
    /// then every candidate checked by the gateway (files only, not removed, all keys).
    func filesMatching(
        _ plan: QueryPlan, selection: DirectorySelection, scopes: [String], counters: QueryCounters, in session: RucioAccountSession
    ) async throws(RucioError) -> [String] {
        // Listing the subtree instead of searching pays only when no user key is pushed down: checking a key
        // locally needs the JSON metadata, which Rucio reads DID by DID.
        var candidates: [RucioDID] = []
        var listed = false
        if plan.fileFilterGroups.isEmpty, let files = try await listedCandidates(selection, below: plan.path, counters: counters, in: session) {
            candidates = files
            listed = true
        } else {
            candidates = try await searchedCandidates(plan, selection: selection, scopes: scopes, counters: counters, in: session)
        }
        // Terms Rucio evaluated exactly need no second look, unless a search fell back to fewer filters.
        let exact = !listed && counters.snapshot["search fallback"] == nil
        let localTerms = plan.fileTerms.filter { term in
            if case .standard = term.level { return true }
            return !(exact && RucioFilterTranslation.isExact(term))
        }
        let needsJSON = localTerms.contains { if case .standard = $0.level { return false } else { return true } }
        let holders = try await holdersConcurrently(candidates, withJSON: needsJSON, counters: counters, in: session)
        let seTerms = localTerms.filter { if case .standard(.se) = $0.level { return true } else { return false } }
        let otherTerms = localTerms.filter { if case .standard(.se) = $0.level { return false } else { return true } }
        var matching: [RucioDID] = []
        for did in candidates {
            guard let holder = holders[did], holder.facts.isFile else { continue }
            if otherTerms.allSatisfy({ $0.matches(value(of: $0, holder)) }) { matching.append(did) }
        }
        if !seTerms.isEmpty, !matching.isEmpty {
            counters.count("replicas", (matching.count + 999) / 1000)
            let bySE = Gathered<RucioDID, [String]>()
            try await replicas(of: matching, allStatus: true, in: session) { bySE.set($0.did, Array($0.statusBySE.keys)) }
            let ses = bySE.values
            matching = matching.filter { did in
                let value = JSON.array((ses[did] ?? []).map(JSON.string))
                return seTerms.allSatisfy { $0.matches(ses[did]?.isEmpty == false ? value : nil) }
            }
        }
        return Array(Set(matching.map(\.name))).sorted()
    }

    /// The files of the selected directories, listed (`GET …/files`), when Rucio counts few enough of them
    /// (`MetadataCatalogSettings.listFilesUpTo`, one `GET …?dynamic_depth=FILE` per selected collection); nil when
    /// a search is cheaper (or the whole namespace is selected).
    func listedCandidates(_ selection: DirectorySelection, below path: String, counters: QueryCounters, in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID]?
    {
        guard !selection.isAll, selection.include.count <= 64 else { return nil }
        let roots = selection.include.compactMap { try? naming.did(for: $0).get() }
        counters.count("count", roots.count)
        let lengths = try await concurrentMap(roots, width: metadata.queryConcurrency) { (root: RucioDID) async throws(RucioError) -> Int64 in
            do throws(RucioError) {
                return try await session.did(root, dynamicDepth: .file).length ?? 0
            } catch where error.isNotFound {
                return 0
            }
        }
        guard lengths.reduce(0, +) <= metadata.listFilesUpTo else { return nil }
        return try await filesInSelection(selection, below: path, counters: counters, in: session).compactMap { try? naming.did(for: $0).get() }
    }

    /// Candidates from Rucio searches with the file keys it can evaluate, below the selected directories (or the
    /// path, when they are many), in the scopes each allows.
    func searchedCandidates(
        _ plan: QueryPlan, selection: DirectorySelection, scopes: [String], counters: QueryCounters, in session: RucioAccountSession
    ) async throws(RucioError) -> [RucioDID] {
        let roots = selection.isAll || selection.include.count > 8 ? [plan.path] : selection.include
        var searches: [(root: String, scope: String)] = []
        for root in roots {
            let range = naming.algorithm.scopes(below: root)
            for scope in scopes where range.contains(scope) { searches.append((root, scope)) }
        }
        let groups = plan.fileFilterGroups
        let found = try await concurrentMap(searches, width: metadata.queryConcurrency) {
            (search: (root: String, scope: String)) async throws(RucioError) -> [RucioDID] in
            var named = groups.isEmpty ? [[:]] : groups
            if let name = QueryPlan.nameFilter(below: search.root), search.root != "/" {
                named = named.map { $0.merging(["name": name]) { first, _ in first } }
            }
            let type: RucioDIDSearchType = groups.isEmpty ? .file : .all
            return try await self.searchNames(scope: search.scope, groups: named, type: type, counters: counters, in: session)
                .filter { DirectorySelection.isUnder($0.name, search.root) }
        }
        var candidates: [RucioDID] = []
        var seen = Set<RucioDID>()
        for did in found.joined() where seen.insert(did).inserted && selection.contains(file: did.name) {
            candidates.append(did)
        }
        return candidates
    }

    /// A file's value for a term: its own JSON metadata, or for a standard key its Rucio columns.
    func value(of term: MetaTerm, _ holder: MetadataHolder) -> JSON? {
        guard case .standard(let key) = term.level else { return holder.json[term.key] }
        let facts = holder.facts
        switch key {
        case .size: return facts.bytes.map(JSON.int)
        case .guid: return .string(DFCRecords.guid(facts.guid))
        case .checksum: return facts.adler32.map(JSON.string)
        case .creationDate: return facts.createdAt.map { .string(DIRACDateTime(secondsSinceEpoch: $0).description) }
        case .modificationDate: return facts.updatedAt.map { .string(DIRACDateTime(secondsSinceEpoch: $0).description) }
        case .name, .fileName: return .string(String(facts.did.name.split(separator: "/").last ?? ""))
        case .status: return .string(DFCRecords.fileStatus(availability: facts.availability))
        case .se: return nil
        }
    }
}
