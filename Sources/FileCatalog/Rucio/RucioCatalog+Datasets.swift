import Crypto
import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST
import ScopeAlgorithms

/// DIRAC datasets (the DFC's stored metadata queries, `DatasetManager`; `dirac-surface.md` §1.6), kept in Rucio as
/// what a Rucio user expects: a Rucio DATASET named by the dataset's full path, its definition and counters as
/// JSON metadata (`dirac_dataset_*`). Freezing attaches the query's files to it and closes it, so a frozen DIRAC
/// dataset is a plain closed Rucio dataset on which a replication rule can be placed; releasing reopens it and
/// detaches them. The DID is not attached to the directory tree (it would list as a sub-directory).
enum DatasetKeys {
    static let status = "dirac_dataset_status"
    static let query = "dirac_dataset_query"
    static let files = "dirac_dataset_files"
    static let size = "dirac_dataset_size"
    static let hash = "dirac_dataset_hash"
    static let owner = "dirac_dataset_owner"
    static let group = "dirac_dataset_group"
    static let annotation = "dirac_dataset_annotation"
    static let modified = "dirac_dataset_modified"
}

/// What a dataset's query selects now (DFC `__getMetaQueryParameters`).
struct DatasetCounters: Sendable, Hashable {
    var lfns: [String]
    var files: Int64
    var size: Int64
    /// Upper-case MD5 of `str(sorted(lfns))`, as the DFC computes it.
    var hash: String
}

extension RucioCatalog {
    /// Runs a dataset's query (`Path` inside it is the path) and counts what it selects.
    func datasetCounters(_ query: OrderedDictionary<String, DIRACValue>, in session: RucioAccountSession)
        async throws(RucioError) -> Result<DatasetCounters, DIRACError>
    {
        var query = query
        let path = query.removeValue(forKey: "Path")?.stringValue ?? "/"
        let plan: QueryPlan
        switch try await self.plan(query, path: path, in: session) {
        case .success(let planned): plan = planned
        case .failure: return .failure(DIRACError("Failed to apply the metaQuery"))
        }
        guard case .success(let answer) = try await run(plan, in: session) else {
            return .failure(DIRACError("Failed to apply the metaQuery"))
        }
        let holders = try await holdersConcurrently(
            answer.lfns.compactMap { try? naming.did(for: $0).get() }, counters: QueryCounters(), in: session)
        let size = holders.values.reduce(Int64(0)) { $0 + ($1.facts.bytes ?? 0) }
        let text = DIRACValue.list(answer.lfns.map(DIRACValue.string)).pythonRepr
        let digest = Insecure.MD5.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        return .success(DatasetCounters(lfns: answer.lfns, files: Int64(answer.lfns.count), size: size, hash: digest))
    }

    /// The dataset's DID and what Rucio holds for it, nil when no DIRAC dataset has that full name.
    func datasetHolder(_ name: String, in session: RucioAccountSession) async throws(RucioError) -> (RucioDID, MetadataHolder)? {
        guard let did = try? naming.did(for: name).get(), let holder = try await metadataHolders(of: [did], in: session)[did],
            holder.json[DatasetKeys.status] != nil
        else { return nil }
        return (did, holder)
    }

    /// DIRAC datasets whose base name matches (`*` a wildcard), in every scope queries visit.
    func datasets(named baseName: String, in session: RucioAccountSession) async throws(RucioError) -> [(RucioDID, MetadataHolder)] {
        let counters = QueryCounters()
        let scopes = try await resolveScopes(.all, path: "/", counters: counters, in: session)
        let pattern = "*/" + (baseName.isEmpty ? "*" : baseName)
        let groups: [OrderedDictionary<String, JSON>] = ["Dynamic", "Frozen"].map { status in
            var group: OrderedDictionary<String, JSON> = [DatasetKeys.status: .string(status)]
            if RucioFilterTranslation.rucioKeepsString(pattern, wildcard: true) { group["name"] = .string(pattern) }
            return group
        }
        let found = try await concurrentMap(scopes, width: metadata.queryConcurrency) { (scope: String) async throws(RucioError) in
            let collector = RucioRecordCollector<RucioDID>()
            try await session.searchDIDs(scope: scope, filters: groups, type: .all) { collector.append($0.did) }
            return collector.records
        }
        let candidates = Array(Set(found.joined())).filter { Wildcard.matches(String($0.name.split(separator: "/").last ?? ""), pattern: baseName.isEmpty ? "*" : baseName) }
        let holders = try await holdersConcurrently(candidates, counters: counters, in: session)
        return candidates.compactMap { did in
            holders[did].flatMap { $0.json[DatasetKeys.status] != nil && $0.facts.type == .dataset ? (did, $0) : nil }
        }.sorted { $0.0.name < $1.0.name }
    }

    /// The DFC's dataset dictionary (`__getDatasetDict`).
    func datasetDictionary(_ did: RucioDID, _ holder: MetadataHolder) -> DIRACValue {
        let json = holder.json
        let query = json[DatasetKeys.query].map { MetadataValueCoding.plain($0) } ?? .dict([:])
        let created = DFCRecords.date(holder.facts.createdAt)
        let modified = json[DatasetKeys.modified]?.stringValue.flatMap(DIRACDateTime.init(parsing:)).map(DIRACValue.datetime) ?? created
        return .dict([
            "DatasetID": .int(DFCRecords.numericID(of: did)),
            "MetaQuery": query,
            "DirID": .int((try? naming.did(for: NamespacePath.parent(of: did.name)).get()).map(DFCRecords.numericID(of:)) ?? 0),
            "TotalSize": .int(json[DatasetKeys.size]?.intValue ?? 0),
            "NumberOfFiles": .int(json[DatasetKeys.files]?.intValue ?? 0),
            "Owner": .string(json[DatasetKeys.owner]?.stringValue ?? holder.facts.account ?? "Unknown"),
            "OwnerGroup": .string(json[DatasetKeys.group]?.stringValue ?? "Unknown"),
            "Status": .string(json[DatasetKeys.status]?.stringValue ?? "Unknown"),
            "CreationDate": created,
            "ModificationDate": modified,
            "DatasetHash": .string(json[DatasetKeys.hash]?.stringValue ?? ""),
            "Mode": 509,
        ])
    }

    static func counterKeys(_ counters: DatasetCounters) -> OrderedDictionary<String, JSON> {
        [
            DatasetKeys.files: .int(counters.files), DatasetKeys.size: .int(counters.size),
            DatasetKeys.hash: .string(counters.hash),
            DatasetKeys.modified: .string(DIRACDateTime(secondsSinceEpoch: CatalogClock.nowSeconds()).description),
        ]
    }

    /// `addDataset` for one name: the query must run, the parent directory is created, the Rucio DATASET is
    /// created with the definition and counters (a DID left by a removed dataset is taken over again).
    func addDataset(
        _ name: String, query: OrderedDictionary<String, DIRACValue>, owner: (user: String, group: String),
        in session: RucioAccountSession
    ) async throws(RucioError) -> Result<Void, DIRACError> {
        let parent = NamespacePath.parent(of: name)
        guard name.hasPrefix("/"), parent != "/" || name.split(separator: "/").count > 1 else {
            return .failure(DIRACError("Dataset name should be specified with full path"))
        }
        guard case .success(let did) = naming.did(for: name) else { return .failure(DIRACError("Dataset name should be specified with full path")) }
        if try await datasetHolder(name, in: session) != nil { return .failure(DIRACError("Dataset \(name) already exists")) }
        let counters: DatasetCounters
        switch try await datasetCounters(query, in: session) {
        case .success(let value): counters = value
        case .failure(let error): return .failure(error)
        }
        let prepared = try await prepareDirectories([DirectoryTarget(path: parent, createAs: .container)], reattachExisting: false, in: session)
        if let reason = prepared.failures[parent] { return .failure(DIRACError(reason)) }
        var meta = Self.counterKeys(counters)
        meta[DatasetKeys.status] = "Dynamic"
        meta[DatasetKeys.query] = (try? MetadataValueCoding.undeclared(.dict(query), key: "MetaQuery").get()) ?? .object([:])
        meta[DatasetKeys.owner] = .string(owner.user)
        meta[DatasetKeys.group] = .string(owner.group)
        do {
            try await session.addCollection(RucioNewCollection(did: did, type: .dataset))
        } catch where error.isDuplicate {
            // A DID of that name exists without being a DIRAC dataset (removed, or made by Rucio tools): take it over
            // only if it is an empty dataset.
            guard let existing = try await storedFacts(of: [did], in: session)[did], existing.type == .dataset else {
                return .failure(DIRACError("Dataset \(name) already exists"))
            }
            try await clearLifetime([did], in: session)
        }
        try await session.setMetadata(of: did, meta)
        return .success(())
    }
}

extension RucioCatalog {
    /// A dataset by full path, or by base name when the name holds no `/` (DFC `_findDatasets`).
    func findDataset(_ name: String, in session: RucioAccountSession) async throws(RucioError) -> Result<(RucioDID, MetadataHolder), DIRACError> {
        if name.hasPrefix("/") {
            guard let found = try await datasetHolder(name, in: session) else { return .failure(DIRACError("Dataset not found")) }
            return .success(found)
        }
        let matches = try await datasets(named: name, in: session).filter { $0.0.name.hasSuffix("/" + name) }
        if matches.isEmpty { return .failure(DIRACError("No such dataset")) }
        if matches.count > 1 { return .failure(DIRACError("Ambiguous dataset name")) }
        return .success(matches[0])
    }

    /// The files of a dataset: the query's answer now (dynamic) or the files attached when it was frozen, sorted.
    func datasetFiles(_ did: RucioDID, _ holder: MetadataHolder, in session: RucioAccountSession) async throws(RucioError)
        -> Result<[String], DIRACError>
    {
        if holder.json[DatasetKeys.status]?.stringValue == "Frozen" {
            let collector = RucioRecordCollector<String>()
            try await session.listContent(of: did) { collector.append($0.did.name) }
            return .success(collector.records.sorted())
        }
        let query = holder.json[DatasetKeys.query].map(MetadataValueCoding.plain)?.dictValue ?? [:]
        return try await datasetCounters(query, in: session).map(\.lfns)
    }

    /// `checkDataset`: `{field: [old, new]}` for the counters that changed.
    func checkDataset(_ did: RucioDID, _ holder: MetadataHolder, in session: RucioAccountSession) async throws(RucioError)
        -> Result<(changes: OrderedDictionary<String, DIRACValue>, counters: DatasetCounters), DIRACError>
    {
        let query = holder.json[DatasetKeys.query].map(MetadataValueCoding.plain)?.dictValue ?? [:]
        let counters: DatasetCounters
        switch try await datasetCounters(query, in: session) {
        case .success(let value): counters = value
        case .failure(let error): return .failure(error)
        }
        var changes: OrderedDictionary<String, DIRACValue> = [:]
        let oldSize = holder.json[DatasetKeys.size]?.intValue ?? 0
        let oldHash = holder.json[DatasetKeys.hash]?.stringValue ?? ""
        let oldFiles = holder.json[DatasetKeys.files]?.intValue ?? 0
        if oldSize != counters.size { changes["TotalSize"] = .list([.int(oldSize), .int(counters.size)]) }
        if oldHash != counters.hash { changes["DatasetHash"] = .list([.string(oldHash), .string(counters.hash)]) }
        if oldFiles != counters.files { changes["NumberOfFiles"] = .list([.int(oldFiles), .int(counters.files)]) }
        return .success((changes, counters))
    }

    /// `freezeDataset`: the query's files attached to the Rucio dataset, which is then closed (a retry attaches
    /// nothing new and finds it closed); status `Frozen` last.
    func freezeDataset(_ did: RucioDID, _ holder: MetadataHolder, in session: RucioAccountSession) async throws(RucioError)
        -> Result<Void, DIRACError>
    {
        if holder.json[DatasetKeys.status]?.stringValue == "Frozen" { return .success(()) }
        let query = holder.json[DatasetKeys.query].map(MetadataValueCoding.plain)?.dictValue ?? [:]
        let counters: DatasetCounters
        switch try await datasetCounters(query, in: session) {
        case .success(let value): counters = value
        case .failure(let error): return .failure(error)
        }
        let files = counters.lfns.compactMap { try? naming.did(for: $0).get() }
        if !files.isEmpty {
            try await session.attach([RucioAttachment(parent: did, dids: files)], ignoreDuplicate: true)
        }
        if holder.facts.isOpen != false { try await session.setStatus(of: did, open: false) }
        var meta = Self.counterKeys(counters)
        meta[DatasetKeys.status] = "Frozen"
        try await session.setMetadata(of: did, meta)
        return .success(())
    }

    /// `releaseDataset`: the Rucio dataset reopened (Rucio lets only its administrators reopen a closed dataset:
    /// a refusal is the LFN's reason) and its files detached; status `Dynamic` last.
    func releaseDataset(_ did: RucioDID, _ holder: MetadataHolder, in session: RucioAccountSession) async throws(RucioError)
        -> Result<Void, DIRACError>
    {
        if holder.json[DatasetKeys.status]?.stringValue != "Frozen" { return .success(()) }
        if holder.facts.isOpen == false {
            do {
                try await session.setStatus(of: did, open: true)
            } catch where error.isItemRefusal {
                return .failure(DIRACError("Rucio refused to reopen the frozen dataset: \(error.exceptionMessage ?? error.description)"))
            }
        }
        let collector = RucioRecordCollector<RucioDID>()
        try await session.listContent(of: did) { collector.append($0.did) }
        if !collector.records.isEmpty { try await session.detach(collector.records, from: did) }
        try await session.setMetadata(of: did, [DatasetKeys.status: "Dynamic"])
        return .success(())
    }

    /// `removeDataset`: no longer a DIRAC dataset (its status key removed first) and expired like a removed
    /// directory, so Rucio's undertaker deletes it; a dataset that does not exist is success, as in the DFC.
    func removeDataset(_ name: String, in session: RucioAccountSession) async throws(RucioError) {
        guard let (did, _) = try await datasetHolder(name, in: session) else { return }
        do {
            try await session.deleteMetadata(of: did, key: DatasetKeys.status)
        } catch where error.isNotFound {
        }
        _ = try await expire([did], in: session)
    }
}
