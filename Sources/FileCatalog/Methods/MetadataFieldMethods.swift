import DIRACWire
import RucioREST

/// The metadata schema methods: `getMetadataFields`, `addMetadataField`, `deleteMetadataField`
/// (`dirac-surface.md` §1.5; DIRAC's `FileCatalogHandler.export_*Metadata*Field*`). The schema lives in Rucio
/// (`RucioCatalog+MetadataSchema.swift`), so every gateway instance answers the same.
public enum MetadataFieldMethods {
    /// `getMetadataFields()`: `{"DirectoryMetaFields": {name: type}, "FileMetaFields": {name: type}}`, the
    /// method DIRAC's own Rucio plugin lacks (DIRAC issue #8329) and `dirac-dms-find-lfns` and the
    /// Transformation System call before every query.
    public struct GetMetadataFields: CatalogMethod {
        public static let name = "getMetadataFields"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) {
            try arguments.expectAtMost(0)
        }

        public func run(_ arguments: Void, in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                .ok(try await catalog.metadataSchema(in: session).diracValue)
            }
        }
    }

    /// `addMetadataField(name, type, "-d" | "-f")` (the DFC handler's default level is `-d`).
    public struct AddMetadataField: CatalogMethod {
        public static let name = "addMetadataField"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (name: String, type: String, level: String) {
            try arguments.expectAtMost(3)
            let level = arguments.optional(2) == nil ? "-d" : try arguments.string(2, "metaType")
            return (try arguments.string(0, "fieldName"), try arguments.string(1, "fieldType"), level)
        }

        public func run(_ arguments: (name: String, type: String, level: String), in context: CallContext) async -> DIRACResult {
            guard let level = MetadataLevel(flag: arguments.level) else {
                return .error("Unknown metadata type \(LogText.safe(arguments.level, limit: 32))")
            }
            return await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                try await catalog.addMetadataField(arguments.name, type: arguments.type, level: level, in: session)
            }
        }
    }

    /// `deleteMetadataField(name)`: forgets the declaration at both levels (`S_OK` when there was none).
    public struct DeleteMetadataField: CatalogMethod {
        public static let name = "deleteMetadataField"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> String {
            try arguments.expectAtMost(1)
            return try arguments.string(0, "fieldName")
        }

        public func run(_ name: String, in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                try await catalog.deleteMetadataField(name, in: session)
            }
        }
    }
}

extension MethodRegistry {
    mutating func registerMetadataFieldMethods(_ catalog: RucioCatalog) {
        register(MetadataFieldMethods.GetMetadataFields(catalog: catalog))
        register(MetadataFieldMethods.AddMetadataField(catalog: catalog))
        register(MetadataFieldMethods.DeleteMetadataField(catalog: catalog))
    }
}
