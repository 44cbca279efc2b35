import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST
import ScopeAlgorithms

extension RucioCatalog {
    /// DFC's `DirectoryMetadata.getCompatibleMetadata` (`dirac-surface.md` §4.5), directory metadata only: for each
    /// query key the directories where it matches, their subtrees and their ancestors, intersected across keys
    /// and with the path's subtree and ancestors; the answer is `{dirField: [distinct values]}` over those
    /// directories for every declared directory field (the queried ones included), `{}` when nothing is left.
    /// Keys that are not directory fields are ignored, as the DFC ignores them. The collections below the path
    /// are read once (one search per scope, one `bulkmeta` per 1000) and the rest is evaluated by the gateway.
    func compatibleMetadata(
        _ query: OrderedDictionary<String, DIRACValue>, path rawPath: String, in session: RucioAccountSession
    ) async throws(RucioError) -> DIRACResult {
        let path = LFNArgument.normalise(rawPath.isEmpty ? "/" : rawPath)
        let schema = try await metadataSchema(in: session)
        let expanded: OrderedDictionary<String, DIRACValue>
        switch try await expandingMetaSets(query, schema: schema, in: session) {
        case .success(let value): expanded = value
        case .failure(let error): return .error(error)
        }
        let terms: [MetaTerm]
        do throws(DIRACError) {
            terms = try MetaQuery(parsing: expanded.filter { schema.directoryFields[$0.key] != nil }, schema: schema).terms
        } catch {
            return .error(error)
        }
        // The directories: the path's ancestors, the path, and every collection below it.
        let counters = QueryCounters()
        var dids = ancestorDIDs(of: path).map(\.did)
        if path != "/" {
            guard let own = try? naming.did(for: path).get() else { return .error("Path not found: \(path)") }
            dids.append(own)
        }
        let scopes = try await resolveScopes(naming.algorithm.scopes(below: path), path: path, counters: counters, in: session)
        var filters: OrderedDictionary<String, JSON> = [:]
        if let name = QueryPlan.nameFilter(below: path), path != "/" { filters["name"] = name }
        let scan = filters
        let found = try await concurrentMap(scopes, width: metadata.queryConcurrency) { (scope: String) async throws(RucioError) in
            try await self.searchNames(scope: scope, filters: scan, type: .collection, counters: counters, in: session)
        }
        dids += found.joined().filter { DirectorySelection.isUnder($0.name, path) && !LFNNaming.isHiddenFilesDataset($0) }
        let holders = try await holdersConcurrently(Array(Set(dids)), counters: counters, in: session)
        let directories = holders.values.filter(\.facts.isCollection)
        if path != "/", !directories.contains(where: { $0.facts.did.name == path }) { return .error("Path not found: \(path)") }

        func ancestors(of name: String) -> [String] { NamespacePath.chain(of: name).dropLast() }
        var from = Set(directories.map(\.facts.did.name).filter { path == "/" || DirectorySelection.isUnder($0, path) || DirectorySelection.isUnder(path, $0) })
        for term in terms {
            let selected = directories.filter { holder in holder.json[term.key].map { term.matches($0) } ?? false }.map(\.facts.did.name)
            var compatible = Set<String>()
            for name in selected {
                compatible.insert(name)
                compatible.formUnion(ancestors(of: name))
            }
            for holder in directories where selected.contains(where: { DirectorySelection.isUnder(holder.facts.did.name, $0) }) {
                compatible.insert(holder.facts.did.name)
            }
            from.formIntersection(compatible)
            if from.isEmpty { return .ok(.dict([:])) }
        }
        var values: OrderedDictionary<String, DIRACValue> = [:]
        for (field, type) in schema.directoryFields {
            var distinct: [DIRACValue] = []
            for holder in directories where from.contains(holder.facts.did.name) {
                guard let json = holder.json[field] else { continue }
                let value = MetadataValueCoding.answer(json, type: type)
                if !distinct.contains(value) { distinct.append(value) }
            }
            if !distinct.isEmpty { values[field] = .list(distinct.sorted { $0.pythonRepr < $1.pythonRepr }) }
        }
        return .ok(.dict(values))
    }
}
