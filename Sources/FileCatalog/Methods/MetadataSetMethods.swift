import DIRACWire
import OrderedCollections
import RucioREST

/// `getCompatibleMetadata`, `addMetadataSet`, `getMetadataSet` (`dirac-surface.md` §1.5, §4.5): what the DIRAC
/// file-catalog shell's `meta tags` and the web portal use to offer values that still select something.
public enum MetadataSetMethods {
    /// `getCompatibleMetadata(metaDict, path="/")`: `{dirField: [values]}`.
    public struct GetCompatibleMetadata: CatalogMethod {
        public static let name = "getCompatibleMetadata"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> MetadataQueryMethods.QueryArguments {
            try MetadataQueryMethods.queryArguments(arguments, maximum: 2)
        }

        public func run(_ arguments: MetadataQueryMethods.QueryArguments, in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                try await catalog.compatibleMetadata(arguments.query, path: arguments.path, in: session)
            }
        }
    }

    /// `addMetadataSet(name, {field: value})`: `S_OK()`; every key must be a declared field.
    public struct AddMetadataSet: CatalogMethod {
        public static let name = "addMetadataSet"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (name: String, contents: OrderedDictionary<String, DIRACValue>) {
            try arguments.expectAtMost(2)
            let value = try arguments.required(1, "setDict")
            guard let contents = value.dictValue else { throw arguments.mismatch(1, "setDict", "dict", value) }
            return (try arguments.string(0, "setName"), contents)
        }

        public func run(_ arguments: (name: String, contents: OrderedDictionary<String, DIRACValue>), in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                try await catalog.addMetadataSet(arguments.name, arguments.contents, in: session)
            }
        }
    }

    /// `getMetadataSet(name, expandFlag)`: the set's `{field: value}` (values as strings), `{}` if there is none.
    public struct GetMetadataSet: CatalogMethod {
        public static let name = "getMetadataSet"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (name: String, expand: Bool) {
            try arguments.expectAtMost(2)
            return (try arguments.string(0, "setName"), try arguments.bool(1, "expandFlag", default: false))
        }

        public func run(_ arguments: (name: String, expand: Bool), in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                let schema = try await catalog.metadataSchema(in: session)
                switch try await catalog.metadataSet(arguments.name, expand: arguments.expand, schema: schema, in: session) {
                case .success(let contents): return .ok(.dict(contents))
                case .failure(let error): return .error(error)
                }
            }
        }
    }
}

extension MethodRegistry {
    mutating func registerMetadataSetMethods(_ catalog: RucioCatalog) {
        register(MetadataSetMethods.GetCompatibleMetadata(catalog: catalog))
        register(MetadataSetMethods.AddMetadataSet(catalog: catalog))
        register(MetadataSetMethods.GetMetadataSet(catalog: catalog))
    }
}
