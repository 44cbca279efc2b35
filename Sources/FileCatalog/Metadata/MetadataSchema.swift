import DIRACWire
import GatewayJSON
import OrderedCollections

/// The declared metadata fields (`getMetadataFields`): what the DFC keeps in `FC_MetaFields` and
/// `FC_FileMetaFields`, kept in Rucio by the gateway (`RucioCatalog+MetadataSchema.swift`) so every gateway
/// instance sees the same schema.
public struct MetadataSchema: Sendable, Hashable {
    public var directoryFields: OrderedDictionary<String, MetadataFieldType> = [:]
    public var fileFields: OrderedDictionary<String, MetadataFieldType> = [:]

    public init(
        directoryFields: OrderedDictionary<String, MetadataFieldType> = [:],
        fileFields: OrderedDictionary<String, MetadataFieldType> = [:]
    ) {
        self.directoryFields = directoryFields
        self.fileFields = fileFields
    }

    public func fields(_ level: MetadataLevel) -> OrderedDictionary<String, MetadataFieldType> {
        level == .directory ? directoryFields : fileFields
    }

    /// The level and type of a declared field, nil for a key that was never declared.
    public func field(_ name: String) -> (level: MetadataLevel, type: MetadataFieldType)? {
        if let type = directoryFields[name] { return (.directory, type) }
        if let type = fileFields[name] { return (.file, type) }
        return nil
    }

    /// `getMetadataFields`' value: `{"DirectoryMetaFields": {name: type}, "FileMetaFields": {name: type}}`.
    public var diracValue: DIRACValue {
        .dict([
            "DirectoryMetaFields": .dict(directoryFields.mapValues { .string($0.declared) }),
            "FileMetaFields": .dict(fileFields.mapValues { .string($0.declared) }),
        ])
    }

    // MARK: How the schema is stored in Rucio

    /// One JSON key per field on the schema DID, `{name: {"level": "directory"|"file", "type": "<declared>"}}`:
    /// Rucio merges keys on `set_metadata`, so two gateways adding different fields never overwrite each other.
    public static func storedEntry(level: MetadataLevel, type: MetadataFieldType) -> JSON {
        .object(["level": .string(level.rawValue), "type": .string(type.declared)])
    }

    /// The schema from the schema DID's JSON metadata; entries that are not field declarations are ignored.
    public init(stored: OrderedDictionary<String, JSON>) {
        for (name, entry) in stored {
            guard let level = entry["level"]?.stringValue.flatMap(MetadataLevel.init(rawValue:)),
                let declared = entry["type"]?.stringValue, let type = MetadataFieldType(declared: declared)
            else { continue }
            switch level {
            case .directory: directoryFields[name] = type
            case .file: fileFields[name] = type
            }
        }
    }
}
