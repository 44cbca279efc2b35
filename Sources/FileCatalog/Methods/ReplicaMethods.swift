import DIRACWire
import OrderedCollections
import RucioREST

/// The replica read methods: `getReplicas`, `getReplicaStatus`, `getLFNForPFN` (`dirac-surface.md` §1.3,
/// §1.4). SE names are DIRAC SE names (`StorageElementMap`), which `DataManager` turns into URLs itself.
public enum ReplicaMethods {
    /// `getReplicas(lfns, allStatus=False)`: `{lfn: {SE: pfn}}`. A file without a visible replica answers
    /// `{lfn: {}}`; an LFN that is no file, `"No such file or directory"` in `Failed` — never dropped, which is
    /// what DIRAC's own Rucio plugin gets wrong.
    ///
    /// One `POST /replicas/list` per 1000 LFNs. Files in that answer with a visible replica exist; only the
    /// others (absent, or without replicas in the view asked for) are looked up with `bulkmeta`, to tell a file
    /// without replicas from a removed file, a directory or nothing. Removed files are never visible: `removeFile`
    /// marks their replicas unavailable before Rucio's reaper gets to them. With `allStatus` every replica is
    /// listed, so every file is looked up.
    public struct GetReplicas: CatalogMethod {
        public static let name = "getReplicas"
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
                let dids = resolved.dids
                let listed = Gathered<RucioDID, DIRACValue>()
                try await catalog.replicas(of: dids, allStatus: allStatus, in: session) { replicas in
                    listed.set(replicas.did, replicas.pfnDictionary)
                }
                let replicasByDID = listed.values
                let unsure = allStatus ? dids : dids.filter { (replicasByDID[$0]?.dictValue?.isEmpty ?? true) }
                let facts = try await catalog.facts(of: unsure, in: session)
                let checked = Set(unsure)
                for (entry, did) in resolved.valid {
                    if checked.contains(did), facts[did]?.isFile != true {
                        result.fail(entry, FileMethods.noSuchFile)
                    } else {
                        result.succeed(entry, replicasByDID[did] ?? .dict([:]))
                    }
                }
            }
        }
    }

    /// `getReplicaStatus({lfn: SE})`: the DFC status of the replica at that SE; `"No replica at supplied site"`
    /// when the file has none there, `"No such file or directory"` when there is no such file.
    public struct GetReplicaStatus: CatalogMethod {
        public static let name = "getReplicaStatus"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.onlyLFNs()
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let dids = resolved.dids
                let listed = Gathered<RucioDID, OrderedDictionary<String, String>>()
                try await catalog.replicas(of: dids, allStatus: true, in: session) { replicas in
                    listed.set(replicas.did, replicas.statusBySE)
                }
                let statuses = listed.values
                let facts = try await catalog.facts(of: dids, in: session)
                for (entry, did) in resolved.valid {
                    guard let se = entry.value.stringValue else {
                        result.fail(entry, "Replica info not supplied")
                        continue
                    }
                    guard facts[did]?.isFile == true else {
                        result.fail(entry, FileMethods.noSuchFile)
                        continue
                    }
                    if let status = statuses[did]?[se] {
                        result.succeed(entry, .string(status))
                    } else {
                        result.fail(entry, "No replica at supplied site")
                    }
                }
            }
        }
    }
}

extension ReplicaMethods {
    /// `getLFNForPFN(pfns)`: `{pfn: lfn}` (a `FileCatalogClient` read method; the DFC service itself does not
    /// export it). Rucio's own reverse lookup (`POST /replicas/dids`) fails with `RSEProtocolNotSupported` for
    /// CTAO's WebDAV protocols, so the gateway inverts the deterministic mapping itself: a PFN that starts with
    /// an RSE protocol's `scheme://host[:port]prefix` names the LFN that follows, which must be a file.
    /// `"No such file or directory"` otherwise.
    public struct GetLFNForPFN: CatalogMethod {
        public static let name = "getLFNForPFN"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> [String] {
            try arguments.expectAtMost(1)
            switch try arguments.required(0, "pfns") {
            case .string(let pfn): return [pfn]
            case .list(let items): return items.compactMap(\.stringValue)
            case .dict(let members): return Array(members.keys)
            case let other: throw arguments.mismatch(0, "pfns", "list, dict or str", other)
            }
        }

        public func run(_ pfns: [String], in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                let names = RucioRecordCollector<String>()
                try await session.listRSEs { names.append($0.name) }
                var prefixes: [String] = []
                for name in names.records {
                    let rse = try await session.rse(name)
                    guard rse.isDeterministic else { continue }
                    for proto in rse.protocols {
                        guard let scheme = proto.scheme, let host = proto.hostname else { continue }
                        let prefix = proto.prefix ?? ""
                        if let port = proto.port { prefixes.append("\(scheme)://\(host):\(port)\(prefix)") }
                        prefixes.append("\(scheme)://\(host)\(prefix)")
                    }
                }
                var candidates: [(pfn: String, lfn: String)] = []
                var result = BulkResult()
                for pfn in pfns {
                    guard let prefix = prefixes.filter({ pfn.hasPrefix($0) }).max(by: { $0.count < $1.count }) else {
                        result.fail(key: pfn, FileMethods.noSuchFile)
                        continue
                    }
                    let rest = pfn.dropFirst(prefix.count).drop { $0 == "/" }
                    candidates.append((pfn, POSIXPath.normpath("/" + rest)))
                }
                let dids = candidates.map { catalog.naming.did(for: $0.lfn) }
                let facts = try await catalog.facts(of: dids.compactMap { try? $0.get() }, in: session)
                for (candidate, did) in zip(candidates, dids) {
                    if let did = try? did.get(), facts[did]?.isFile == true {
                        result.succeed(key: candidate.pfn, .string(candidate.lfn))
                    } else {
                        result.fail(key: candidate.pfn, FileMethods.noSuchFile)
                    }
                }
                return result.result
            }
        }
    }
}

extension MethodRegistry {
    mutating func registerReplicaMethods(_ catalog: RucioCatalog) {
        register(ReplicaMethods.GetReplicas(catalog: catalog))
        register(ReplicaMethods.GetReplicaStatus(catalog: catalog))
        register(ReplicaMethods.GetLFNForPFN(catalog: catalog))
    }
}
