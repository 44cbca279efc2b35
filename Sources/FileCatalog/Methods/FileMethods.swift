import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// The file read methods: `exists`, `isFile`, `isDirectory`, `getFileSize`, `getFileMetadata`,
/// `getFileDetails` (`dirac-surface.md` §1.3, §1.4). Each is one `POST /dids/bulkmeta` per 1000 LFNs; an LFN
/// Rucio does not know is absent from the answer, which the DFC reports as `"No such file or directory"`.
public enum FileMethods {
    /// The DFC's reason for a missing file (compared with `==` by `DataManager` and the Transformation System).
    public static let noSuchFile = "No such file or directory"

    /// `exists(lfns)`: `{lfn: lfn}` when a file **or directory** exists (`DataManager.putAndRegister` requires
    /// the LFN itself, not `True`), `{lfn: False}` otherwise.
    public struct Exists: FactsReadMethod {
        public static let name = "exists"
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        func answer(_ entry: LFNArgument.Entry, _ facts: DIDFacts?, into result: inout BulkResult) {
            result.succeed(entry, facts != nil ? .string(entry.lfn) : false)
        }
    }

    /// `isFile(lfns)`: `{lfn: lfn}` for a file, `{lfn: False}` for a directory or nothing: the DFC's
    /// `FileManagerBase.isFile` is its `exists`, which answers the LFN itself (callers test it for truth).
    public struct IsFile: FactsReadMethod {
        public static let name = "isFile"
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        func answer(_ entry: LFNArgument.Entry, _ facts: DIDFacts?, into result: inout BulkResult) {
            result.succeed(entry, facts?.isFile == true ? .string(entry.lfn) : false)
        }
    }

    /// `isDirectory(paths)`: `{path: True}` for a Rucio collection, `{path: False}` otherwise.
    public struct IsDirectory: FactsReadMethod {
        public static let name = "isDirectory"
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        func answer(_ entry: LFNArgument.Entry, _ facts: DIDFacts?, into result: inout BulkResult) {
            result.succeed(entry, .bool(facts?.isCollection == true))
        }
    }

    /// `getFileSize(lfns)`: `{lfn: bytes}`; directories and unknown LFNs fail with `"No such file or directory"`.
    public struct GetFileSize: FactsReadMethod {
        public static let name = "getFileSize"
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        func answer(_ entry: LFNArgument.Entry, _ facts: DIDFacts?, into result: inout BulkResult) {
            if let facts, facts.isFile {
                result.succeed(entry, .int(facts.bytes ?? 0))
            } else {
                result.fail(entry, noSuchFile)
            }
        }
    }

    /// `getFileMetadata(lfns)`: the DFC's key set only (`DFCRecords.fileMetadata`); directories and unknown
    /// LFNs fail with `"No such file or directory"`.
    public struct GetFileMetadata: FactsReadMethod {
        public static let name = "getFileMetadata"
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        func answer(_ entry: LFNArgument.Entry, _ facts: DIDFacts?, into result: inout BulkResult) {
            if let facts, facts.isFile {
                result.succeed(entry, DFCRecords.fileMetadata(facts, accounts: catalog.accounts))
            } else {
                result.fail(entry, noSuchFile)
            }
        }
    }
}

/// A read answered for each LFN from its `dids` row alone (or its absence): one `POST /dids/bulkmeta` per 1000
/// LFNs, then `answer` per LFN. The methods of this kind differ only in what they make of the row.
protocol FactsReadMethod: CatalogMethod where Arguments == LFNArgument {
    var catalog: RucioCatalog { get }
    /// Records the answer for one LFN; `facts` is nil when Rucio has no live DID of that name.
    func answer(_ entry: LFNArgument.Entry, _ facts: DIDFacts?, into result: inout BulkResult)
}

extension FactsReadMethod {
    public static var access: MethodAccess { .authenticated }

    public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
        try arguments.onlyLFNs()
    }

    public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
        await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
            let found = try await catalog.facts(of: resolved.dids, in: session)
            for (entry, did) in resolved.valid {
                answer(entry, found[did], into: &result)
            }
        }
    }
}

extension FileMethods {
    /// `getFileDetails(lfns)`: the DFC's plain `{lfn: {Size, UID, GID, Status, GUID, CreationDate, Metadata}}`
    /// (no `Successful`/`Failed`: `FileCatalogDB.getFileDetails`), for the files that exist; `Metadata` is the
    /// file's own user metadata (Rucio's JSON metadata of the file DID).
    public struct GetFileDetails: CatalogMethod {
        public static let name = "getFileDetails"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.onlyLFNs()
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            let resolved = catalog.naming.resolve(lfns)
            return await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session).filter { $0.value.isFile }
                let userMetadata = Gathered<RucioDID, DIRACValue>()
                // In the caller's order: requests must not depend on hash order (replay tests match them).
                let files = resolved.dids.filter { found[$0] != nil }
                try await session.bulkMetadata(for: files, plugin: .json) { record in
                    let members = record.values.filter { !["scope", "name"].contains($0.key) && !AncestryKeys.all.contains($0.key) }
                    userMetadata.set(record.did, .dict(members.mapValues { (try? DIRACValue(jencoded: $0)) ?? .string($0.serializedString()) }))
                }
                let metadata = userMetadata.values
                var details: OrderedDictionary<String, DIRACValue> = [:]
                for (entry, did) in resolved.valid {
                    guard let facts = found[did] else { continue }
                    let value = DFCRecords.fileDetails(facts, metadata: metadata[did] ?? .dict([:]))
                    for key in entry.callerKeys { details[key] = value }
                }
                return .ok(.dict(details))
            }
        }
    }

    /// `getLFNForGUID(guids)`: `{guid: lfn}`, `"GUID does not exist"` in `Failed` (`FileManager.getLFNForGUID`),
    /// keyed by the GUIDs as sent. Rucio finds the dataset holding a GUID (`GET /dids/{guid}/guid`); the file
    /// is the one of that dataset with the GUID.
    public struct GetLFNForGUID: CatalogMethod {
        public static let name = "getLFNForGUID"
        public static let access = MethodAccess.authenticated
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> [String] {
            try arguments.expectAtMost(1)
            switch try arguments.required(0, "guids") {
            case .string(let guid): return [guid]
            case .list(let items):
                return try items.map { item throws(DIRACError) in
                    guard let guid = item.stringValue else { throw .invalidArgument("getLFNForGUID: GUIDs must be strings") }
                    return guid
                }
            case let other: throw arguments.mismatch(0, "guids", "list or str", other)
            }
        }

        public func run(_ guids: [String], in context: CallContext) async -> DIRACResult {
            await catalog.perform(Self.name, for: context.caller) { session throws(RucioError) in
                var result = BulkResult()
                for guid in guids {
                    let stored = DFCRecords.storedGUID(guid)
                    guard stored.utf8.count == 32, stored.allSatisfy(\.isHexDigit) else {
                        result.fail(key: guid, "GUID does not exist")
                        continue
                    }
                    let datasets = RucioRecordCollector<RucioDID>()
                    do throws(RucioError) {
                        try await session.datasets(containingGUID: stored, datasets.append)
                    } catch where error.isNotFound {
                        result.fail(key: guid, "GUID does not exist")
                        continue
                    }
                    let match = Gathered<String, String>()
                    for dataset in datasets.records {
                        try await session.listFiles(of: dataset) { file in
                            if file.guid.map(DFCRecords.storedGUID) == stored { match.set(guid, file.did.name) }
                        }
                    }
                    if let lfn = match.values[guid] {
                        result.succeed(key: guid, .string(lfn))
                    } else {
                        result.fail(key: guid, "GUID does not exist")
                    }
                }
                return result.result
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
        register(FileMethods.GetFileDetails(catalog: catalog))
        register(FileMethods.GetLFNForGUID(catalog: catalog))
    }
}
