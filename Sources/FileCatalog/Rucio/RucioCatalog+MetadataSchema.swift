import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// The metadata schema kept in Rucio: one JSON key per declared field on the schema DID
/// (`MetadataCatalogSettings.schemaDID`). Read on every call that needs it (one `GET …/meta`, about 4 ms), so
/// a field added through one gateway instance is seen at once by every other.
extension RucioCatalog {
    public func metadataSchema(in session: RucioAccountSession) async throws(RucioError) -> MetadataSchema {
        // The JSON plugin answers `{}` for a DID that does not exist yet: an empty schema.
        MetadataSchema(stored: try await session.metadata(of: metadata.schemaDID, plugin: .json))
    }

    /// DFC's `addMetadataField` (directory: `DirectoryMetadata`, file: `FileMetadata`), with its answers:
    /// `"Added new metadata: <n>"`, `"Already exists"` for the same type (compared case-insensitively), and its
    /// refusals. The gateway also refuses names Rucio cannot keep as JSON keys (`MetadataKeyRules`).
    public func addMetadataField(
        _ name: String, type declared: String, level: MetadataLevel, in session: RucioAccountSession
    ) async throws(RucioError) -> DIRACResult {
        if level == .file, MetadataKeyRules.standardKeys.contains(name) {
            return .error("Illegal use of reserved metafield name")
        }
        guard let type = MetadataFieldType(declared: declared) else {
            return .error("Invalid parameter type: \(LogText.safe(declared, limit: 64))")
        }
        guard MetadataKeyRules.isIdentifier(name) else {
            return .error(level == .file
                ? "Invalid SQL identifier: \(LogText.safe(name, limit: 64))"
                : "Invalid parameter name: \(LogText.safe(name, limit: 64))")
        }
        if let problem = MetadataKeyRules.problem(withKey: name) { return .error(problem) }
        let schema = try await metadataSchema(in: session)
        let other: MetadataLevel = level == .directory ? .file : .directory
        if schema.fields(other)[name] != nil {
            return .error("The metadata \(name) is already defined for \(other == .file ? "Files" : "Directories")")
        }
        if let existing = schema.fields(level)[name] {
            if existing.declared.lowercased() == declared.lowercased() { return .ok("Already exists") }
            return .error("Attempt to add an existing metadata with different type: \(declared)/\(existing.declared)")
        }
        try await storeSchemaEntries([name: MetadataSchema.storedEntry(level: level, type: type)], in: session)
        let count = schema.directoryFields.count + schema.fileFields.count + 1
        return .ok(.string("Added new metadata: \(count)"))
    }

    /// DFC's `deleteMetadataField`: the declaration goes from both levels, `S_OK` also when there was none. The
    /// values stay on the DIDs in Rucio (they are Rucio's data; other tools may read them) and are answered as
    /// undeclared keys from then on.
    public func deleteMetadataField(_ name: String, in session: RucioAccountSession) async throws(RucioError) -> DIRACResult {
        do {
            try await session.deleteMetadata(of: metadata.schemaDID, key: name)
        } catch where error.isNotFound {
            // KeyNotFound (never declared) or DataIdentifierNotFound (no schema yet): nothing to forget.
        }
        return .ok()
    }

    /// Writes schema entries, creating the schema DID on first use (a create that races with another gateway's
    /// is fine: Rucio answers 409 and both then merge their keys).
    func storeSchemaEntries(_ entries: OrderedDictionary<String, JSON>, in session: RucioAccountSession) async throws(RucioError) {
        do {
            try await session.setMetadata(of: metadata.schemaDID, entries)
            return
        } catch where error.isDataIdentifierNotFound {
        }
        do {
            try await session.addCollection(RucioNewCollection(did: metadata.schemaDID, type: .container))
        } catch where error.isDuplicate {
        }
        try await session.setMetadata(of: metadata.schemaDID, entries)
    }
}
