import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// Meta sets (`addMetadataSet`, `getMetadataSet`; DFC `DirectoryMetadata`): named groups of field values, kept as
/// one JSON key per set on `MetadataCatalogSettings.metaSetsDID`, values as strings as the DFC stores them.
/// A query on a field of type `MetaSet` stands for the set's keys (the DFC's `__expandMetaDictionary`).
extension RucioCatalog {
    func addMetadataSet(_ name: String, _ contents: OrderedDictionary<String, DIRACValue>, in session: RucioAccountSession)
        async throws(RucioError) -> DIRACResult
    {
        if let problem = MetadataKeyRules.problem(withKey: name) { return .error("Invalid meta set name: \(problem)") }
        let schema = try await metadataSchema(in: session)
        for key in contents.keys where schema.field(key) == nil { return .error("Unknown key \(key)") }
        let stored = try await session.metadata(of: metadata.metaSetsDID, plugin: .json)
        if stored[name] != nil { return .error("Meta set \(name) already exists") }
        let entry = JSON.object(contents.mapValues { value in .string(value.stringValue ?? value.pythonRepr) })
        do {
            try await session.setMetadata(of: metadata.metaSetsDID, [name: entry])
        } catch where error.isDataIdentifierNotFound {
            do {
                try await session.addCollection(RucioNewCollection(did: metadata.metaSetsDID, type: .container))
            } catch where error.isDuplicate {
            }
            try await session.setMetadata(of: metadata.metaSetsDID, [name: entry])
        }
        return .ok()
    }

    /// The set's contents, `{}` for a set that does not exist; with `expand`, keys of type `MetaSet` are
    /// replaced by their own set's contents.
    func metadataSet(_ name: String, expand: Bool, schema: MetadataSchema, in session: RucioAccountSession, depth: Int = 0)
        async throws(RucioError) -> Result<OrderedDictionary<String, DIRACValue>, DIRACError>
    {
        guard depth < 16 else { return .failure(DIRACError("Meta set \(name): sets nested too deep")) }
        let stored = try await session.metadata(of: metadata.metaSetsDID, plugin: .json)
        guard let members = stored[name]?.objectValue else { return .success([:]) }
        var contents: OrderedDictionary<String, DIRACValue> = [:]
        for (key, value) in members {
            guard let field = schema.field(key) else { return .failure(DIRACError("Unknown key \(key)")) }
            let text = value.stringValue ?? value.serializedString()
            if expand, case .metaSet = field.type.kind {
                switch try await metadataSet(text, expand: true, schema: schema, in: session, depth: depth + 1) {
                case .success(let inner): contents.merge(inner) { first, _ in first }
                case .failure(let error): return .failure(error)
                }
            } else {
                contents[key] = .string(text)
            }
        }
        return .success(contents)
    }

    /// A query with its `MetaSet` keys replaced by the sets' contents (`"Contradictory query for key <k>"` when a
    /// set names a key given otherwise too).
    func expandingMetaSets(_ query: OrderedDictionary<String, DIRACValue>, schema: MetadataSchema, in session: RucioAccountSession)
        async throws(RucioError) -> Result<OrderedDictionary<String, DIRACValue>, DIRACError>
    {
        guard query.keys.contains(where: { if case .metaSet? = schema.field($0)?.type.kind { true } else { false } }) else {
            return .success(query)
        }
        var expanded: OrderedDictionary<String, DIRACValue> = [:]
        for (key, value) in query {
            guard case .metaSet? = schema.field(key)?.type.kind else {
                if expanded[key] != nil { return .failure(DIRACError("Contradictory query for key \(key)")) }
                expanded[key] = value
                continue
            }
            switch try await metadataSet(value.stringValue ?? value.pythonRepr, expand: true, schema: schema, in: session) {
            case .failure(let error): return .failure(error)
            case .success(let contents):
                for (inner, innerValue) in contents {
                    if expanded[inner] != nil { return .failure(DIRACError("Contradictory query for key \(inner)")) }
                    expanded[inner] = innerValue
                }
            }
        }
        return .success(expanded)
    }
}
