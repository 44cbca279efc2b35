import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// What Rucio holds for one path, for the user-metadata methods: the DID, its columns (type, expiry) and its
/// JSON metadata (the keys Rucio keeps outside its `dids` columns).
struct MetadataHolder: Sendable {
    var facts: DIDFacts
    /// Every JSON key, the gateway's own (`AncestryKeys`) included.
    var json: OrderedDictionary<String, JSON>

    /// The user metadata: the JSON keys without the gateway's own.
    var userJSON: OrderedDictionary<String, JSON> { json.filter { !AncestryKeys.all.contains($0.key) } }
}

extension RucioCatalog {
    /// `POST /dids/bulkmeta` with `plugin=ALL`: columns and JSON metadata of existing, unexpired DIDs in one
    /// request per 1000. The JSON keys are what remains after Rucio's column names (a JSON key can never be a
    /// column name: Rucio routes such keys to the column).
    ///
    /// With `withJSON` false only the columns are read (`plugin=DID_COLUMN`, about 7 times faster than `ALL` on
    /// Rucio 41: its JSON plugin reads DID by DID) and `json` stays empty.
    func metadataHolders(of dids: [RucioDID], withJSON: Bool = true, in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: MetadataHolder]
    {
        guard !dids.isEmpty else { return [:] }
        let gathered = Gathered<RucioDID, MetadataHolder>()
        let now = CatalogClock.nowSeconds()
        try await session.bulkMetadata(for: dids, plugin: withJSON ? .all : .didColumn) { record in
            let facts = DIDFacts(record: record)
            guard !facts.isExpired(now: now) else { return }
            gathered.set(record.did, MetadataHolder(facts: facts, json: Self.userKeys(of: record.values)))
        }
        return gathered.values
    }

    static func userKeys(of values: OrderedDictionary<String, JSON>) -> OrderedDictionary<String, JSON> {
        values.filter { !MetadataKeyRules.rucioReservedKeys.contains($0.key) }
    }

    /// The DIDs of a path's ancestors, top first (paths the naming cannot name are left out: Rucio cannot hold
    /// them).
    func ancestorDIDs(of path: String) -> [(path: String, did: RucioDID)] {
        NamespacePath.chain(of: path).dropLast().compactMap { ancestor in
            (try? naming.did(for: ancestor).get()).map { (ancestor, $0) }
        }
    }

    // MARK: setMetadata

    /// One validated `setMetadata` write: the DID and the typed JSON values.
    struct MetadataWrite: Sendable {
        var path: String
        var did: RucioDID
        var values: OrderedDictionary<String, JSON>
    }

    /// DFC's `FileCatalogDB.setMetadata` checks for one path, without writing: the path is a directory (a Rucio
    /// collection, even an empty one as CTADIRAC makes them) or else a file; every key passes `MetadataKeyRules`;
    /// values fit the field declared at that level; a directory field is not already set on an ancestor
    /// (`"Metadata conflict detected for <key> for directory <path>"`). Other-level and undeclared keys are
    /// stored as sent (the DFC's "meta parameters").
    func planMetadataWrite(
        _ path: String, _ meta: OrderedDictionary<String, DIRACValue>, schema: MetadataSchema,
        holder: MetadataHolder?, ancestors: [MetadataHolder]
    ) -> Result<MetadataWrite, DIRACError> {
        let did: RucioDID
        switch naming.did(for: path) {
        case .success(let named): did = named
        case .failure(let rejection): return .failure(DIRACError(rejection.description))
        }
        guard let holder else {
            // The DFC takes a path that is not a directory for a file.
            return .failure(DIRACError("File \(path) not found"))
        }
        let level: MetadataLevel = holder.facts.isCollection ? .directory : .file
        var values: OrderedDictionary<String, JSON> = [:]
        for (key, value) in meta {
            if let problem = MetadataKeyRules.problem(withKey: key) { return .failure(DIRACError(problem)) }
            let type = schema.fields(level)[key]
            if level == .directory, type != nil, ancestors.contains(where: { $0.json[key] != nil }) {
                return .failure(DIRACError("Metadata conflict detected for \(key) for directory \(path)"))
            }
            switch MetadataValueCoding.stored(value, key: key, type: type) {
            case .success(let json): values[key] = json
            case .failure(let problem): return .failure(DIRACError(problem.message))
            }
        }
        return .success(MetadataWrite(path: path, did: did, values: values))
    }

    /// `setMetadata` for many paths (`setMetadataBulk`; `setMetadata` is the one-path case): one `bulkmeta` for
    /// the paths and their ancestors, then the valid writes through `POST /dids/bulkdidsmeta` (one transaction
    /// per 1000 DIDs, keys merged into what each DID holds, so a retry rewrites the same values). A chunk Rucio
    /// refuses as a whole is written path by path to find the culprit.
    func setMetadata(
        _ requests: OrderedDictionary<String, OrderedDictionary<String, DIRACValue>>, in session: RucioAccountSession
    ) async throws(RucioError) -> OrderedDictionary<String, Result<Void, DIRACError>> {
        let schema = try await metadataSchema(in: session)
        var wanted: [RucioDID] = []
        var seen = Set<RucioDID>()
        for path in requests.keys {
            var dids = ancestorDIDs(of: path).map(\.did)
            if let did = try? naming.did(for: path).get() { dids.append(did) }
            for did in dids where seen.insert(did).inserted { wanted.append(did) }
        }
        let holders = try await metadataHolders(of: wanted, in: session)
        var outcomes: OrderedDictionary<String, Result<Void, DIRACError>> = [:]
        var writes: [MetadataWrite] = []
        for (path, meta) in requests {
            let holder = (try? naming.did(for: path).get()).flatMap { holders[$0] }
            let ancestors = ancestorDIDs(of: path).compactMap { holders[$0.did] }
            switch planMetadataWrite(path, meta, schema: schema, holder: holder, ancestors: ancestors) {
            case .success(let write):
                outcomes[path] = .success(())
                if !write.values.isEmpty { writes.append(write) }
            case .failure(let error):
                outcomes[path] = .failure(error)
            }
        }
        // Rucio's `bulkdidsmeta` takes at most 1000 DIDs per transaction.
        for chunk in stride(from: 0, to: writes.count, by: 1000).map({ Array(writes[$0..<min($0 + 1000, writes.count)]) }) {
            do {
                try await session.setMetadata(chunk.map { RucioMetadataUpdate(did: $0.did, meta: $0.values) })
            } catch where error.isItemRefusal {
                for write in chunk {
                    do {
                        try await session.setMetadata(of: write.did, write.values)
                    } catch where error.isItemRefusal {
                        outcomes[write.path] = .failure(error.diracError)
                    }
                }
            }
        }
        return outcomes
    }

    // MARK: removeMetadata

    /// DFC's `removeMetadata` for one path: the keys are deleted from the path's DID (`DELETE …/meta?key=`);
    /// a key the DID does not hold is fine (the DFC's `DELETE` of no row), so a retry succeeds.
    func removeMetadata(_ keys: [String], from path: String, in session: RucioAccountSession) async throws(RucioError)
        -> Result<Void, DIRACError>
    {
        let did: RucioDID
        switch naming.did(for: path) {
        case .success(let named): did = named
        case .failure(let rejection): return .failure(DIRACError(rejection.description))
        }
        guard let holder = try await metadataHolders(of: [did], in: session)[did] else {
            return .failure(DIRACError("File \(path) not found"))
        }
        for key in keys where holder.json[key] != nil {
            do {
                try await session.deleteMetadata(of: did, key: key)
            } catch where error.isNotFound {
            }
        }
        return .success(())
    }
}

// MARK: Reading user metadata

extension RucioCatalog {
    /// DFC's `FileMetadata.getFileUserMetadata` (the server half; DIRAC's client merges the directory's on top):
    /// the file DID's own JSON keys, typed by the file fields, and the extra top-level `MetadataType`: every
    /// declared file field's type, `"NonSearchable"` for the other keys (the DFC's meta parameters).
    func fileUserMetadata(_ path: String, in session: RucioAccountSession) async throws(RucioError) -> DIRACResult {
        guard let did = try? naming.did(for: path).get() else { return .error("File not found") }
        let schema = try await metadataSchema(in: session)
        guard let holder = try await metadataHolders(of: [did], in: session)[did], holder.facts.isFile else {
            return .error("File not found")
        }
        var values: OrderedDictionary<String, DIRACValue> = [:]
        var types: OrderedDictionary<String, DIRACValue> = [:]
        for (name, type) in schema.fileFields {
            if let value = holder.json[name] { values[name] = MetadataValueCoding.answer(value, type: type) }
            types[name] = .string(type.declared)
        }
        for (key, value) in holder.userJSON where schema.fileFields[key] == nil {
            values[key] = MetadataValueCoding.answer(value, type: nil)
            types[key] = "NonSearchable"
        }
        return DIRACResult(.ok(.dict(values)), extraKeys: ["MetadataType": .dict(types)])
    }

    /// DFC's `DirectoryMetadata.getDirectoryMetadata`: the metadata valid for a directory, its own and its
    /// ancestors' (Rucio-native: each level's keys on its collection, as `bulkmeta inherit=true` merges them),
    /// with the extra top-level `MetadataOwner` (`OwnMetadata` / `ParentMetadata` for declared directory fields,
    /// `OwnParameter` for other keys, as the DFC labels its parameters) and `MetadataType` (every declared
    /// directory field).
    func directoryUserMetadata(_ path: String, in session: RucioAccountSession) async throws(RucioError) -> DIRACResult {
        let chain = ancestorDIDs(of: path) + ((try? naming.did(for: path).get()).map { [(path, $0)] } ?? [])
        let schema = try await metadataSchema(in: session)
        let holders = try await metadataHolders(of: chain.map(\.did), in: session)
        if path != "/" {
            guard let own = chain.last, own.path == path, holders[own.did]?.facts.isCollection == true else {
                return .error("Directory \(path) not found")
            }
        }
        var values: OrderedDictionary<String, DIRACValue> = [:]
        var owners: OrderedDictionary<String, DIRACValue> = [:]
        // Top first, so the deepest level's value wins, as the nearest directory's does in the DFC.
        for (level, element) in chain.enumerated() {
            guard let holder = holders[element.did] else { continue }
            let isOwn = level == chain.count - 1 && element.path == path
            for (key, json) in holder.userJSON {
                let type = schema.directoryFields[key]
                values[key] = MetadataValueCoding.answer(json, type: type)
                owners[key] = type == nil ? "OwnParameter" : (isOwn ? "OwnMetadata" : "ParentMetadata")
            }
        }
        let types = schema.directoryFields.mapValues { DIRACValue.string($0.declared) }
        return DIRACResult(.ok(.dict(values)), extraKeys: ["MetadataOwner": .dict(owners), "MetadataType": .dict(types)])
    }
}
