import DIRACWire
import RucioREST
import OrderedCollections

/// The user-metadata methods: `setMetadata`, `setMetadataBulk`, `removeMetadata`, `getFileUserMetadata`,
/// `getDirectoryUserMetadata` (`dirac-surface.md` §1.5, §6.5). A directory's keys go on its Rucio collection,
/// a file's on its file DID, so Rucio's own `bulkmeta inherit=true` shows what the gateway answers.
public enum UserMetadataMethods {
    /// A path as the metadata methods receive it (a plain string, not normalised by DIRAC's client).
    static func path(_ arguments: ArgumentList, _ index: Int, _ name: String) throws(DIRACError) -> String {
        LFNArgument.normalise(try arguments.string(index, name))
    }

    static func metadataDict(_ arguments: ArgumentList, _ index: Int, _ name: String) throws(DIRACError)
        -> OrderedDictionary<String, DIRACValue>
    {
        let value = try arguments.required(index, name)
        guard let members = value.dictValue else { throw arguments.mismatch(index, name, "dict", value) }
        return members
    }

    /// `setMetadata(path, {key: value})`: `S_OK()`; the DFC's errors for the first key that cannot be set, and
    /// then nothing is written.
    public struct SetMetadata: CatalogMethod {
        public static let name = "setMetadata"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (path: String, meta: OrderedDictionary<String, DIRACValue>) {
            try arguments.expectAtMost(2)
            return (try path(arguments, 0, "path"), try metadataDict(arguments, 1, "metadatadict"))
        }

        public func run(_ arguments: (path: String, meta: OrderedDictionary<String, DIRACValue>), in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                let outcomes = try await catalog.setMetadata([arguments.path: arguments.meta], in: session)
                if case .failure(let error)? = outcomes[arguments.path] { return .error(error) }
                return .ok()
            }
        }
    }

    /// `setMetadataBulk({path: {key: value}})`: `{"Successful": {path: True}, "Failed": {path: message}}`, each
    /// path judged as `setMetadata` judges it, the writes batched (`POST /dids/bulkdidsmeta`).
    public struct SetMetadataBulk: CatalogMethod {
        public static let name = "setMetadataBulk"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError)
            -> OrderedDictionary<String, OrderedDictionary<String, DIRACValue>>
        {
            try arguments.expectAtMost(1)
            var requests: OrderedDictionary<String, OrderedDictionary<String, DIRACValue>> = [:]
            for (path, meta) in try metadataDict(arguments, 0, "pathMetadataDict") {
                guard let members = meta.dictValue else {
                    throw .invalidArgument("\(Self.name): the metadata of \(LogText.safe(path, limit: 128)) must be a dict, got \(meta.pythonTypeName)")
                }
                requests[path] = members
            }
            return requests
        }

        public func run(_ requests: OrderedDictionary<String, OrderedDictionary<String, DIRACValue>>, in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                // Keyed as sent; judged on the normalised path.
                var normalised: OrderedDictionary<String, OrderedDictionary<String, DIRACValue>> = [:]
                for (path, meta) in requests { normalised[LFNArgument.normalise(path)] = meta }
                let outcomes = try await catalog.setMetadata(normalised, in: session)
                var result = BulkResult()
                for path in requests.keys {
                    switch outcomes[LFNArgument.normalise(path)] {
                    case .success?: result.succeed(key: path, true)
                    case .failure(let error)?: result.fail(key: path, error.message)
                    case nil: result.fail(key: path, "not processed")
                    }
                }
                return result.result
            }
        }
    }

    /// `removeMetadata({path: [keys]})`: `{"Successful": {path: True}, "Failed": {path: message}}`; removing a
    /// key the path does not hold succeeds (so a retry does).
    public struct RemoveMetadata: CatalogMethod {
        public static let name = "removeMetadata"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> OrderedDictionary<String, [String]> {
            try arguments.expectAtMost(1)
            var requests: OrderedDictionary<String, [String]> = [:]
            for (path, keys) in try metadataDict(arguments, 0, "pathMetadataDict") {
                switch keys {
                case .list(let items) where items.allSatisfy({ $0.stringValue != nil }):
                    requests[path] = items.compactMap(\.stringValue)
                case .dict(let members):
                    requests[path] = Array(members.keys)
                case .string(let key):
                    requests[path] = [key]
                default:
                    throw .invalidArgument("\(Self.name): the keys of \(LogText.safe(path, limit: 128)) must be a list of str")
                }
            }
            return requests
        }

        public func run(_ requests: OrderedDictionary<String, [String]>, in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                var result = BulkResult()
                for (path, keys) in requests {
                    switch try await catalog.removeMetadata(keys, from: LFNArgument.normalise(path), in: session) {
                    case .success: result.succeed(key: path, true)
                    case .failure(let error): result.fail(key: path, error.message)
                    }
                }
                return result.result
            }
        }
    }

    /// `getFileUserMetadata(path)`: the file's own keys and `MetadataType` (DIRAC's client adds the directory's).
    public struct GetFileUserMetadata: CatalogMethod {
        public static let name = "getFileUserMetadata"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> String {
            try arguments.expectAtMost(1)
            return try path(arguments, 0, "path")
        }

        public func run(_ path: String, in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                try await catalog.fileUserMetadata(path, in: session)
            }
        }
    }

    /// `getDirectoryUserMetadata(path)`: the directory's and its ancestors' keys, `MetadataOwner`, `MetadataType`.
    public struct GetDirectoryUserMetadata: CatalogMethod {
        public static let name = "getDirectoryUserMetadata"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> String {
            try arguments.expectAtMost(1)
            return try path(arguments, 0, "path")
        }

        public func run(_ path: String, in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                try await catalog.directoryUserMetadata(path, in: session)
            }
        }
    }
}

extension MethodRegistry {
    mutating func registerUserMetadataMethods(_ catalog: RucioCatalog) {
        register(UserMetadataMethods.SetMetadata(catalog: catalog))
        register(UserMetadataMethods.SetMetadataBulk(catalog: catalog))
        register(UserMetadataMethods.RemoveMetadata(catalog: catalog))
        register(UserMetadataMethods.GetFileUserMetadata(catalog: catalog))
        register(UserMetadataMethods.GetDirectoryUserMetadata(catalog: catalog))
    }
}
