import DIRACWire
import OrderedCollections
import RucioREST

/// `addFileAncestors`, `getFileAncestors`, `getFileDescendents` (`dirac-surface.md` §4.6), on the ancestry kept in
/// Rucio (`RucioCatalog+Ancestry.swift`).
public enum AncestryMethods {
    /// `addFileAncestors({lfn: {"Ancestors": [lfn...], "AncestorDepth": n}})`: `{lfn: True}`.
    public struct AddFileAncestors: CatalogMethod {
        public static let name = "addFileAncestors"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.onlyLFNs()
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let requests = resolved.valid.compactMap { RucioCatalog.ancestryRequest($0.entry.lfn, $0.entry.value) }
                let failures = try await catalog.addAncestry(requests, in: session)
                // An LFN with no ancestor named is True, as in the DFC, once it is a file.
                let bare = resolved.valid.filter { RucioCatalog.ancestryRequest($0.entry.lfn, $0.entry.value) == nil }
                let files = try await catalog.facts(of: bare.map(\.did), in: session)
                for (entry, did) in resolved.valid {
                    if let reason = failures[entry.lfn] {
                        result.fail(entry, reason)
                    } else if bare.contains(where: { $0.did == did }), files[did]?.isFile != true {
                        result.fail(entry, FileMethods.noSuchFile)
                    } else {
                        result.succeed(entry, true)
                    }
                }
            }
        }
    }

    static func depths(_ arguments: ArgumentList) throws(DIRACError) -> [Int64] {
        switch arguments.optional(1) {
        case nil, .none?: return []
        case .int(let depth)?: return [depth]
        case .list(let items)?:
            let depths = items.compactMap(\.intValue)
            guard depths.count == items.count else { throw .invalidArgument("\(arguments.method): depths must be a list of int") }
            return depths
        case let other?: throw arguments.mismatch(1, "depths", "list of int", other)
        }
    }

    /// `getFileAncestors(lfns, depths)`: `{lfn: {ancestor: depth}}` (`[]` depths: all).
    public struct GetFileAncestors: CatalogMethod {
        public static let name = "getFileAncestors"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (lfns: LFNArgument, depths: [Int64]) {
            try arguments.expectAtMost(2)
            return (try arguments.lfns(0, "lfns"), try depths(arguments))
        }

        public func run(_ arguments: (lfns: LFNArgument, depths: [Int64]), in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                try await catalog.relatives(AncestryKeys.ancestors, of: resolved, depths: arguments.depths, into: &result, in: session)
            }
        }
    }

    /// `getFileDescendents(lfns, depths)`: `{lfn: {descendant: depth}}`, read from the file's own DID.
    public struct GetFileDescendents: CatalogMethod {
        public static let name = "getFileDescendents"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (lfns: LFNArgument, depths: [Int64]) {
            try arguments.expectAtMost(2)
            return (try arguments.lfns(0, "lfns"), try depths(arguments))
        }

        public func run(_ arguments: (lfns: LFNArgument, depths: [Int64]), in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                try await catalog.relatives(AncestryKeys.descendants, of: resolved, depths: arguments.depths, into: &result, in: session)
            }
        }
    }
}

extension MethodRegistry {
    mutating func registerAncestryMethods(_ catalog: RucioCatalog) {
        register(AncestryMethods.AddFileAncestors(catalog: catalog))
        register(AncestryMethods.GetFileAncestors(catalog: catalog))
        register(AncestryMethods.GetFileDescendents(catalog: catalog))
    }
}
