import DIRACWire
import RucioREST

/// The file read methods: `exists`, `isFile`, `isDirectory`, `getFileSize`, `getFileMetadata`,
/// `getFileDetails` (`dirac-surface.md` §1.3, §1.4). Each is one `POST /dids/bulkmeta` per 1000 LFNs; an LFN
/// Rucio does not know is absent from the answer, which the DFC reports as `"No such file or directory"`.
public enum FileMethods {
    /// The DFC's reason for a missing file (compared with `==` by `DataManager` and the Transformation System).
    public static let noSuchFile = "No such file or directory"

    /// `exists(lfns)`: `{lfn: lfn}` when a file **or directory** exists (`DataManager.putAndRegister` requires
    /// the LFN itself, not `True`), `{lfn: False}` otherwise.
    public struct Exists: CatalogMethod {
        public static let name = "exists"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.expectAtMost(1)
            return try arguments.lfns(0, "lfns")
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session)
                for (entry, did) in resolved.valid {
                    result.succeed(entry, found[did] != nil ? .string(entry.lfn) : false)
                }
            }
        }
    }

    /// `isFile(lfns)`: `{lfn: True}` for a file, `{lfn: False}` for a directory or nothing (DFC's
    /// `FileManagerBase.isFile`).
    public struct IsFile: CatalogMethod {
        public static let name = "isFile"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.expectAtMost(1)
            return try arguments.lfns(0, "lfns")
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session)
                for (entry, did) in resolved.valid {
                    result.succeed(entry, .bool(found[did]?.isFile == true))
                }
            }
        }
    }

    /// `isDirectory(paths)`: `{path: True}` for a Rucio collection, `{path: False}` otherwise.
    public struct IsDirectory: CatalogMethod {
        public static let name = "isDirectory"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.expectAtMost(1)
            return try arguments.lfns(0, "lfns")
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session)
                for (entry, did) in resolved.valid {
                    result.succeed(entry, .bool(found[did]?.isCollection == true))
                }
            }
        }
    }

    /// `getFileSize(lfns)`: `{lfn: bytes}`; directories and unknown LFNs fail with `"No such file or directory"`.
    public struct GetFileSize: CatalogMethod {
        public static let name = "getFileSize"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.expectAtMost(1)
            return try arguments.lfns(0, "lfns")
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session)
                for (entry, did) in resolved.valid {
                    if let facts = found[did], facts.isFile {
                        result.succeed(entry, .int(facts.bytes ?? 0))
                    } else {
                        result.fail(entry, noSuchFile)
                    }
                }
            }
        }
    }

    /// `getFileMetadata(lfns)`: the DFC's key set only (`DFCRecords.fileMetadata`); directories and unknown
    /// LFNs fail with `"No such file or directory"`.
    public struct GetFileMetadata: CatalogMethod {
        public static let name = "getFileMetadata"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.expectAtMost(1)
            return try arguments.lfns(0, "lfns")
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session)
                for (entry, did) in resolved.valid {
                    if let facts = found[did], facts.isFile {
                        result.succeed(entry, DFCRecords.fileMetadata(facts, accounts: catalog.accounts))
                    } else {
                        result.fail(entry, noSuchFile)
                    }
                }
            }
        }
    }
}

extension MethodRegistry {
    mutating func registerFileMethods(_ catalog: RucioCatalog) {
        register(FileMethods.Exists(catalog: catalog))
        register(FileMethods.IsFile(catalog: catalog))
        register(FileMethods.IsDirectory(catalog: catalog))
        register(FileMethods.GetFileSize(catalog: catalog))
        register(FileMethods.GetFileMetadata(catalog: catalog))
    }
}
