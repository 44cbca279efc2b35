import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// What `addFileAncestors` is asked for one file.
struct AncestryRequest: Sendable {
    var lfn: String
    var ancestors: [String]
    var depth: Int64
}

extension RucioCatalog {
    /// The per-LFN ancestry request of an `addFile`/`addFileAncestors` value (`{"Ancestors": [lfn] | lfn,
    /// "AncestorDepth": n}`), nil when it names no ancestor.
    static func ancestryRequest(_ lfn: String, _ value: DIRACValue) -> AncestryRequest? {
        var ancestors: [String]
        switch value["Ancestors"] ?? value["Ancestor"] {
        case .string(let one)?: ancestors = [one]
        case .list(let items)?: ancestors = items.compactMap(\.stringValue)
        default: return nil
        }
        ancestors = ancestors.map(LFNArgument.normalise).filter { $0 != lfn }
        guard !ancestors.isEmpty else { return nil }
        let depth = value["AncestorDepth"]?.intValue ?? 1
        return AncestryRequest(lfn: lfn, ancestors: ancestors, depth: max(1, depth))
    }

    /// Records ancestry for files that exist: `Failed` reasons by LFN for those that cannot be recorded (the DFC's
    /// `"Failed to resolve ancestor files"` when an ancestor is not a file of the catalog). The ancestors'
    /// `dirac_descendants` are written before the file's `dirac_ancestors`, both merged into what is there, so a
    /// retry completes an interrupted call and repeating a call changes nothing.
    func addAncestry(_ requests: [AncestryRequest], in session: RucioAccountSession) async throws(RucioError) -> [String: String] {
        guard !requests.isEmpty else { return [:] }
        var dids: [RucioDID] = []
        var seen = Set<RucioDID>()
        for request in requests {
            for path in [request.lfn] + request.ancestors {
                if let did = try? naming.did(for: path).get(), seen.insert(did).inserted { dids.append(did) }
            }
        }
        var holders = try await holdersConcurrently(dids, counters: QueryCounters(), in: session)
        // The ancestors' own ancestors get the file as a descendant too: read them in a second round.
        var further: [RucioDID] = []
        for request in requests {
            for path in request.ancestors {
                guard let did = try? naming.did(for: path).get(), let ancestor = holders[did] else { continue }
                for grand in (ancestor.json[AncestryKeys.ancestors]?.objectValue ?? [:]).keys {
                    if let did = try? naming.did(for: grand).get(), seen.insert(did).inserted { further.append(did) }
                }
            }
        }
        if !further.isEmpty {
            holders.merge(try await holdersConcurrently(further, counters: QueryCounters(), in: session)) { first, _ in first }
        }
        func holder(_ path: String) -> MetadataHolder? {
            (try? naming.did(for: path).get()).flatMap { holders[$0] }.flatMap { $0.facts.isFile ? $0 : nil }
        }
        var failures: [String: String] = [:]
        var ancestorsOf: [RucioDID: OrderedDictionary<String, JSON>] = [:]
        var descendantsOf: [RucioDID: OrderedDictionary<String, JSON>] = [:]
        func current(_ key: String, _ holder: MetadataHolder) -> OrderedDictionary<String, JSON> {
            holder.json[key]?.objectValue ?? [:]
        }
        for request in requests {
            guard let file = holder(request.lfn) else {
                failures[request.lfn] = FileMethods.noSuchFile
                continue
            }
            let resolved = request.ancestors.compactMap { path in holder(path).map { (path, $0) } }
            guard resolved.count == request.ancestors.count else {
                failures[request.lfn] = "Failed to resolve ancestor files"
                continue
            }
            var closure: OrderedDictionary<String, Int64> = [:]
            for (path, ancestor) in resolved {
                closure[path] = request.depth
                for (grand, depth) in current(AncestryKeys.ancestors, ancestor) where closure[grand] == nil && grand != request.lfn {
                    closure[grand] = (depth.intValue ?? 1) + request.depth
                }
            }
            var own = ancestorsOf[file.facts.did] ?? current(AncestryKeys.ancestors, file)
            for (path, depth) in closure {
                own[path] = .int(depth)
                guard let ancestor = holder(path) else { continue }
                var below = descendantsOf[ancestor.facts.did] ?? current(AncestryKeys.descendants, ancestor)
                below[request.lfn] = .int(depth)
                descendantsOf[ancestor.facts.did] = below
            }
            ancestorsOf[file.facts.did] = own
        }
        let downward = descendantsOf.map { RucioMetadataUpdate(did: $0.key, meta: [AncestryKeys.descendants: .object($0.value)]) }
        let upward = ancestorsOf.map { RucioMetadataUpdate(did: $0.key, meta: [AncestryKeys.ancestors: .object($0.value)]) }
        for updates in [downward, upward] where !updates.isEmpty {
            try await session.setMetadata(updates.sorted { $0.did.name < $1.did.name })
        }
        return failures
    }

    /// `getFileAncestors` / `getFileDescendents` for existing files: `{lfn: {relative: depth}}`, only the given
    /// depths when `depths` is not empty; `Failed` for LFNs that are not files.
    func relatives(
        _ key: String, of resolved: ResolvedPaths, depths: [Int64], into result: inout BulkResult, in session: RucioAccountSession
    ) async throws(RucioError) {
        let holders = try await holdersConcurrently(resolved.dids, counters: QueryCounters(), in: session)
        for (entry, did) in resolved.valid {
            guard let holder = holders[did], holder.facts.isFile else {
                result.fail(entry, FileMethods.noSuchFile)
                continue
            }
            var relatives: OrderedDictionary<String, DIRACValue> = [:]
            for (lfn, depth) in holder.json[key]?.objectValue ?? [:] {
                guard let depth = depth.intValue, depths.isEmpty || depths.contains(depth) else { continue }
                relatives[lfn] = .int(depth)
            }
            result.succeed(entry, .dict(relatives))
        }
    }
}
