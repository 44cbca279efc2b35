import DIRACAuth
import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// The dataset methods (`dirac-surface.md` §1.6; DFC `DatasetManager`): bulk, keyed by the dataset names as sent,
/// on the Rucio datasets of `RucioCatalog+Datasets.swift`.
public enum DatasetMethods {
    /// The names of a dataset call: the keys of a dict (or a list, or one name), normalised as DIRAC's client
    /// normalises LFNs.
    static func names(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
        try arguments.onlyLFNs()
    }

    /// Runs `body` per dataset name, collecting `Successful`/`Failed` under the caller's keys.
    static func each(
        _ catalog: RucioCatalog, _ method: String, _ names: LFNArgument, _ context: CallContext,
        _ body: @escaping @Sendable (LFNArgument.Entry, RucioAccountSession) async throws(RucioError) -> Result<DIRACValue, DIRACError>
    ) async -> DIRACResult {
        await catalog.perform(method, for: context.caller) { session throws(RucioError) in
            var result = BulkResult()
            for entry in names.entries.values {
                switch try await body(entry, session) {
                case .success(let value): result.succeed(entry, value)
                case .failure(let error): result.fail(entry, error.message)
                }
            }
            return result.result
        }
    }

    /// A `CatalogMethod` on dataset names: the name, the access, and what to do with each dataset.
    struct NameMethod: Sendable {
        var name: String
        var access: MethodAccess
        var body: @Sendable (RucioCatalog, LFNArgument.Entry, CallContext, RucioAccountSession) async throws(RucioError) -> Result<DIRACValue, DIRACError>
    }

    /// The dataset methods share one skeleton (decode names, run per name): one type, configured per method.
    struct ByName: Sendable {
        let catalog: RucioCatalog
        let method: NameMethod

        func register(into registry: inout MethodRegistry) {
            let catalog = self.catalog
            let method = self.method
            registry.register(name: method.name, access: method.access) { arguments, context in
                let names: LFNArgument
                do throws(DIRACError) {
                    names = try DatasetMethods.names(arguments)
                } catch {
                    return .error(error)
                }
                return await DatasetMethods.each(catalog, method.name, names, context) { entry, session throws(RucioError) in
                    try await method.body(catalog, entry, context, session)
                }
            }
        }
    }

    static let methods: [NameMethod] = [
        // addDataset({name: metaQuery}): True; the query must run, the parent directory is created.
        NameMethod(name: "addDataset", access: .write) { catalog, entry, context, session throws(RucioError) in
            guard let query = entry.value.dictValue else { return .failure(DIRACError("The dataset definition must be a metadata query dict")) }
            let owner = (context.caller.username ?? context.caller.dn, context.caller.group)
            return try await catalog.addDataset(entry.lfn, query: query, owner: owner, in: session).map { .bool(true) }
        },
        // getDatasets({name: True}): {name: {baseName: {...}}} by base name (`*` a wildcard), {} when none.
        NameMethod(name: "getDatasets", access: .authenticated) { catalog, entry, _, session throws(RucioError) in
            let base = String(entry.lfn.split(separator: "/").last ?? "")
            var found: OrderedDictionary<String, DIRACValue> = [:]
            for (did, holder) in try await catalog.datasets(named: base, in: session) {
                found[String(did.name.split(separator: "/").last ?? "")] = catalog.datasetDictionary(did, holder)
            }
            return .success(.dict(found))
        },
        // getDatasetParameters: the dataset's dictionary.
        NameMethod(name: "getDatasetParameters", access: .authenticated) { catalog, entry, _, session throws(RucioError) in
            try await catalog.findDataset(entry.lfn, in: session).map { catalog.datasetDictionary($0.0, $0.1) }
        },
        // getDatasetFiles: [lfn, ...], sorted.
        NameMethod(name: "getDatasetFiles", access: .authenticated) { catalog, entry, _, session throws(RucioError) in
            switch try await catalog.findDataset(entry.lfn, in: session) {
            case .failure(let error): return .failure(error)
            case .success(let (did, holder)):
                return try await catalog.datasetFiles(did, holder, in: session).map { .list($0.map(DIRACValue.string)) }
            }
        },
        // checkDataset: {field: [old, new]} for what changed.
        NameMethod(name: "checkDataset", access: .authenticated) { catalog, entry, _, session throws(RucioError) in
            guard let (did, holder) = try await catalog.datasetHolder(entry.lfn, in: session) else {
                return .failure(DIRACError("Unknown MetaDataset \(entry.lfn)"))
            }
            return try await catalog.checkDataset(did, holder, in: session).map { .dict($0.changes) }
        },
        // updateDataset: the counters stored anew; None when nothing changed, 1 otherwise.
        NameMethod(name: "updateDataset", access: .write) { catalog, entry, _, session throws(RucioError) in
            guard let (did, holder) = try await catalog.datasetHolder(entry.lfn, in: session) else {
                return .failure(DIRACError("Unknown MetaDataset \(entry.lfn)"))
            }
            switch try await catalog.checkDataset(did, holder, in: session) {
            case .failure(let error): return .failure(error)
            case .success(let check) where check.changes.isEmpty: return .success(.none)
            case .success(let check):
                try await session.setMetadata(of: did, RucioCatalog.counterKeys(check.counters))
                return .success(1)
            }
        },
        NameMethod(name: "freezeDataset", access: .write) { catalog, entry, _, session throws(RucioError) in
            guard let (did, holder) = try await catalog.datasetHolder(entry.lfn, in: session) else {
                return .failure(DIRACError("Unknown MetaDataset \(entry.lfn)"))
            }
            return try await catalog.freezeDataset(did, holder, in: session).map { .bool(true) }
        },
        NameMethod(name: "releaseDataset", access: .write) { catalog, entry, _, session throws(RucioError) in
            guard let (did, holder) = try await catalog.datasetHolder(entry.lfn, in: session) else {
                return .failure(DIRACError("Unknown MetaDataset \(entry.lfn)"))
            }
            return try await catalog.releaseDataset(did, holder, in: session).map { .bool(true) }
        },
        // removeDataset: True, also when it does not exist.
        NameMethod(name: "removeDataset", access: .write) { catalog, entry, _, session throws(RucioError) in
            try await catalog.removeDataset(entry.lfn, in: session)
            return .success(true)
        },
        // addDatasetAnnotation({name: text}): True.
        NameMethod(name: "addDatasetAnnotation", access: .write) { catalog, entry, _, session throws(RucioError) in
            guard let text = entry.value.stringValue else { return .failure(DIRACError("The annotation must be a string")) }
            guard let (did, _) = try await catalog.datasetHolder(entry.lfn, in: session) else {
                return .failure(DIRACError("Unknown MetaDataset \(entry.lfn)"))
            }
            try await session.setMetadata(of: did, [DatasetKeys.annotation: .string(text)])
            return .success(true)
        },
        // getDatasetAnnotation: the text, "-" when there is none.
        NameMethod(name: "getDatasetAnnotation", access: .authenticated) { catalog, entry, _, session throws(RucioError) in
            guard let (_, holder) = try await catalog.datasetHolder(entry.lfn, in: session) else {
                return .failure(DIRACError("Unknown MetaDataset \(entry.lfn)"))
            }
            return .success(.string(holder.json[DatasetKeys.annotation]?.stringValue ?? "-"))
        },
    ]
}

extension MethodRegistry {
    mutating func registerDatasetMethods(_ catalog: RucioCatalog) {
        for method in DatasetMethods.methods {
            DatasetMethods.ByName(catalog: catalog, method: method).register(into: &self)
        }
    }
}
