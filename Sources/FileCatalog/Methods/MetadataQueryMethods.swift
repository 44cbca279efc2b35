import DIRACWire
import Logging
import ScopeAlgorithms
import GatewayJSON
import OrderedCollections
import RucioREST

/// The metadata query methods (`dirac-surface.md` §1.5, §4): `findFilesByMetadata`,
/// `findDirectoriesByMetadata`, `getReplicasByMetadata`. Each is a `QueryPlan` (what `explain` prints) run by
/// `RucioCatalog+MetaQuery.swift`.
public enum MetadataQueryMethods {
    /// `(metaDict, path)` as sent.
    public struct QueryArguments: Sendable {
        public var query: OrderedDictionary<String, DIRACValue>
        public var path: String
    }

    static func queryArguments(_ arguments: ArgumentList, maximum: Int) throws(DIRACError) -> QueryArguments {
        try arguments.expectAtMost(maximum)
        let value = try arguments.required(0, "metaDict")
        guard let query = value.dictValue else { throw arguments.mismatch(0, "metaDict", "dict", value) }
        let path = arguments.optional(1) == nil ? "/" : try arguments.string(1, "path")
        return QueryArguments(query: query, path: path)
    }

    /// Plans and runs a query in the caller's account.
    static func answer(
        _ catalog: RucioCatalog, _ method: String, _ arguments: QueryArguments, filesWanted: Bool = true, context: CallContext,
        _ render: @escaping @Sendable (QueryAnswer, RucioAccountSession) async throws(RucioError) -> DIRACResult
    ) async -> DIRACResult {
        await catalog.perform(method, for: context.caller) { session throws(RucioError) in
            let plan: QueryPlan
            switch try await catalog.plan(arguments.query, path: arguments.path, in: session) {
            case .success(let planned): plan = planned
            case .failure(let error): return .error(error)
            }
            let counters = QueryCounters()
            switch try await catalog.run(plan, filesWanted: filesWanted, counters: counters, in: session) {
            case .failure(let error): return .error(error)
            case .success(let answer):
                context.logger.debug(
                    "\(method) ran", metadata: ["path": "\(plan.path)", "files": "\(answer.lfns.count)", "requests": "\(counters.snapshot)"])
                return try await render(answer, session)
            }
        }
    }

    /// `findFilesByMetadata(metaDict, path="/")`: `[lfn, ...]`, files only, sorted, no duplicates.
    public struct FindFilesByMetadata: CatalogMethod {
        public static let name = "findFilesByMetadata"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> QueryArguments {
            try queryArguments(arguments, maximum: 2)
        }

        public func run(_ arguments: QueryArguments, in context: CallContext) async -> DIRACResult {
            await answer(catalog, Self.name, arguments, context: context) { answer, _ in
                .ok(.list(answer.lfns.map(DIRACValue.string)))
            }
        }
    }

    /// `findDirectoriesByMetadata(metaDict, path="/")`: `{dirID: path}` for every selected directory (the
    /// subtrees included, as the DFC lists them); `{0: "None"}` when directory keys select nothing, `{0: "All"}`
    /// without directory keys at `/`.
    public struct FindDirectoriesByMetadata: CatalogMethod {
        public static let name = "findDirectoriesByMetadata"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> QueryArguments {
            try queryArguments(arguments, maximum: 2)
        }

        public func run(_ arguments: QueryArguments, in context: CallContext) async -> DIRACResult {
            let catalog = self.catalog
            return await answer(catalog, Self.name, arguments, filesWanted: false, context: context) { answer, session throws(RucioError) in
                if answer.selection.isAll { return .ok(.dict(["0": "All"])) }
                if answer.selection.isEmpty { return .ok(.dict(["0": "None"])) }
                let directories = try await catalog.directories(in: answer.selection, in: session)
                var value: OrderedDictionary<String, DIRACValue> = [:]
                for did in directories { value[String(DFCRecords.numericID(of: did))] = .string(did.name) }
                return .ok(.dict(value))
            }
        }
    }

    /// `getReplicasByMetadata(metaDict, path="/", allStatus=False)`: `{"Successful": {lfn: {SE: pfn}}, "Failed": {}}`.
    public struct GetReplicasByMetadata: CatalogMethod {
        public static let name = "getReplicasByMetadata"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (query: QueryArguments, allStatus: Bool) {
            (try queryArguments(arguments, maximum: 3), try arguments.bool(2, "allStatus", default: false))
        }

        public func run(_ arguments: (query: QueryArguments, allStatus: Bool), in context: CallContext) async -> DIRACResult {
            let catalog = self.catalog
            return await answer(catalog, Self.name, arguments.query, context: context) { answer, session throws(RucioError) in
                let dids = answer.lfns.compactMap { try? catalog.naming.did(for: $0).get() }
                let found = Gathered<String, DIRACValue>()
                try await catalog.replicas(of: dids, allStatus: arguments.allStatus, in: session) { replicas in
                    found.set(replicas.did.name, replicas.pfnDictionary)
                }
                let values = found.values
                var result = BulkResult()
                for lfn in answer.lfns { result.succeed(key: lfn, values[lfn] ?? .dict([:])) }
                return result.result
            }
        }
    }
}

extension MetadataQueryMethods {
    /// `findFilesByMetadataDetailed(metaDict, path="/")`: `{lfn: {Size, UID, GID, Status, GUID, CreationDate,
    /// Metadata}}` for the files found (the handler's `getFileDetails` of them); `[]` when nothing matches, as the
    /// DFC handler passes an empty query result through.
    public struct FindFilesByMetadataDetailed: CatalogMethod {
        public static let name = "findFilesByMetadataDetailed"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> QueryArguments {
            try queryArguments(arguments, maximum: 2)
        }

        public func run(_ arguments: QueryArguments, in context: CallContext) async -> DIRACResult {
            let catalog = self.catalog
            return await answer(catalog, Self.name, arguments, context: context) { answer, session throws(RucioError) in
                if answer.lfns.isEmpty { return .ok(.list([])) }
                return .ok(.dict(try await catalog.fileDetails(of: answer.lfns, in: session)))
            }
        }
    }

    /// `findFilesByMetadataWeb(metaDict, path, startItem, maxItems)`: `{"TotalRecords": n, "Records": {lfn:
    /// details}}` for one page of the sorted answer; a start past the end is the DFC's "Requested files out of
    /// existing range".
    public struct FindFilesByMetadataWeb: CatalogMethod {
        public static let name = "findFilesByMetadataWeb"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (query: QueryArguments, start: Int, count: Int) {
            let query = try queryArguments(arguments, maximum: 4)
            let start = try arguments.required(2, "startItem")
            let count = try arguments.required(3, "maxItems")
            guard let first = start.intValue, first >= 0 else { throw arguments.mismatch(2, "startItem", "int >= 0", start) }
            guard let size = count.intValue, size >= 0 else { throw arguments.mismatch(3, "maxItems", "int >= 0", count) }
            return (query, Int(first), Int(min(size, 1_000_000)))
        }

        public func run(_ arguments: (query: QueryArguments, start: Int, count: Int), in context: CallContext) async -> DIRACResult {
            let catalog = self.catalog
            return await answer(catalog, Self.name, arguments.query, context: context) { answer, session throws(RucioError) in
                let total = answer.lfns.count
                if arguments.start > total { return .error("Requested files out of existing range") }
                let page = Array(answer.lfns[arguments.start..<min(total, arguments.start + arguments.count)])
                let records = page.isEmpty ? [:] : try await catalog.fileDetails(of: page, in: session)
                return .ok(.dict(["TotalRecords": .int(Int64(total)), "Records": .dict(records)]))
            }
        }
    }
}

extension RucioCatalog {
    /// `getFileDetails`' dictionary for files found by a query (one `bulkmeta` ALL per 1000, several at once),
    /// their user metadata typed by the file fields.
    func fileDetails(of lfns: [String], in session: RucioAccountSession) async throws(RucioError) -> OrderedDictionary<String, DIRACValue> {
        let schema = try await metadataSchema(in: session)
        let dids = lfns.compactMap { try? naming.did(for: $0).get() }
        let holders = try await holdersConcurrently(dids, counters: QueryCounters(), in: session)
        var details: OrderedDictionary<String, DIRACValue> = [:]
        for did in dids {
            guard let holder = holders[did], holder.facts.isFile else { continue }
            let metadata = holder.userJSON.map { ($0.key, MetadataValueCoding.answer($0.value, type: schema.fileFields[$0.key])) }
            details[did.name] = DFCRecords.fileDetails(holder.facts, metadata: .dict(OrderedDictionary(uniqueKeysWithValues: metadata)))
        }
        return details
    }

    /// Every collection in a selection: the selected roots and the collections below them (one DID_COLUMN
    /// search per root and scope), without the excluded subtrees and the hidden files datasets.
    func directories(in selection: DirectorySelection, in session: RucioAccountSession) async throws(RucioError) -> [RucioDID] {
        var searches: [(root: String, scope: String)] = []
        let known = try await session.listScopes()
        for root in selection.include {
            let range = naming.algorithm.scopes(below: root)
            for scope in known where range.contains(scope) { searches.append((root, scope)) }
        }
        let counters = QueryCounters()
        let found = try await concurrentMap(searches, width: metadata.queryConcurrency) {
            (search: (root: String, scope: String)) async throws(RucioError) -> [RucioDID] in
            var filters: OrderedDictionary<String, JSON> = [:]
            if let name = QueryPlan.nameFilter(below: search.root) { filters["name"] = name }
            return try await self.searchNames(scope: search.scope, filters: filters, type: .collection, counters: counters, in: session)
        }
        var roots = selection.include.compactMap { try? naming.did(for: $0).get() }
        roots += found.joined()
        var seen = Set<RucioDID>()
        return roots.filter {
            seen.insert($0).inserted && selection.contains(directory: $0.name) && !LFNNaming.isHiddenFilesDataset($0)
        }.sorted { $0.name < $1.name }
    }
}

extension MethodRegistry {
    mutating func registerMetadataQueryMethods(_ catalog: RucioCatalog) {
        register(MetadataQueryMethods.FindFilesByMetadata(catalog: catalog))
        register(MetadataQueryMethods.FindDirectoriesByMetadata(catalog: catalog))
        register(MetadataQueryMethods.GetReplicasByMetadata(catalog: catalog))
        register(MetadataQueryMethods.FindFilesByMetadataDetailed(catalog: catalog))
        register(MetadataQueryMethods.FindFilesByMetadataWeb(catalog: catalog))
    }
}
