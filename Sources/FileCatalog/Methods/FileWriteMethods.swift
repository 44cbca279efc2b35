import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// The file write methods: `addFile`, `removeFile`, `setFileStatus` (`dirac-surface.md` §1.3, §6.5, §7), with
/// the DFC's answers (`FileManagerBase`) and its idempotency: DIRAC clients retry after timeouts, so every
/// write can be repeated, and a repeat completes a write that was interrupted half-way.
public enum FileWriteMethods {
    /// The DFC's `ValidFileStatus` (`FileCatalogHandler` defaults).
    public static let validFileStatus: Set<String> = ["AprioriGood", "Trash", "Removing", "Probing"]

    /// `FileManagerBase._checkExistingMetadata`'s reasons.
    public static let alternativeMetadata = "File already registered with alternative metadata"
    public static let noReplicas = "File already registered with no replicas"
    public static let alternativeReplicas = "File already registered with alternative replicas"

    /// `addFile({lfn: {PFN, SE, Size, Checksum, GUID[, ChecksumType]}})`: `{lfn: True}`.
    ///
    /// Checked per LFN first, with the DFC's reasons: `"Missing parameters"`, `"Missing 'PFN' parameter"` (also
    /// `SE`, `Size`, `Checksum`, and `GUID`, which the DFC reads without checking), then the values Rucio
    /// would refuse for the whole request (a size, an Adler32 checksum of 8 hex digits, a GUID of 32, a
    /// checksum type other than Adler32, an unknown SE). An LFN directly in `/<vo>` is refused: a Rucio file
    /// needs a dataset below the top-level directory.
    ///
    /// An LFN Rucio already has is compared first, because Rucio would accept a conflicting registration
    /// silently: same `Size`, `Checksum` and `GUID` and a replica at `SE` → `True`; otherwise the DFC's
    /// `"File already registered with alternative metadata"` / `"… with no replicas"` / `"… with alternative
    /// replicas"`, and nothing changes in Rucio.
    ///
    /// New files are registered where `docs/directory-model.md` puts them:
    /// - the directory does not exist or is a DATASET: Rucio's own `POST /dirac/addfiles` (≤100 per request,
    ///   one transaction: file, replica, the dataset, missing containers above it, the rules), what DIRAC's
    ///   `RucioFileCatalogClient` uses and what CTADIRAC's production flow meets (run directories created by
    ///   `addFile` itself, §6.5);
    /// - the directory is a CONTAINER (files put straight into a `createDirectory` directory): the hidden
    ///   dataset `D/.dfc-files`, created and attached to `D` on first use; then the replica (`POST /replicas`),
    ///   a rule for the file on its RSE (as `/dirac/addfiles` adds one), and the attachment, in that order.
    ///
    /// Every step tolerates "already done", and a file is attached to its dataset last, so a file Rucio has
    /// without a parent is a half-done registration: the retry's `addFile` completes it. A file `removeFile`
    /// expired and Rucio still keeps (until its undertaker runs) is brought back the same way — replica
    /// re-added or made `AVAILABLE` again, rule, attachment, then its lifetime cleared — if its size, checksum
    /// and GUID are the same: Rucio cannot change those of an existing file.
    ///
    /// `SE` may be a list (DFC: the first is the master replica): the others get a replica and a rule too.
    /// `PFN` is sent to Rucio for non-deterministic RSEs only: for deterministic ones Rucio computes the PFN
    /// itself and refuses any other spelling (DIRAC's clients compute PFNs from the SE definition anyway).
    public struct AddFile: CatalogMethod {
        public static let name = "addFile"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.onlyLFNs()
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                var registration = Registration(catalog: catalog, session: session)
                try await registration.run(resolved, &result)
                // `Ancestors` of the registered files (the DFC's `_populateFileAncestors` after the insert).
                let requests = resolved.valid.compactMap { pair in
                    result.successful[pair.entry.callerKeys[0]] == nil ? nil : RucioCatalog.ancestryRequest(pair.entry.lfn, pair.entry.value)
                }
                let failures = try await catalog.addAncestry(requests, in: session)
                for (entry, _) in resolved.valid {
                    if let reason = failures[entry.lfn] { result.fail(entry, "Failed while registering ancestors: \(reason)") }
                }
            }
        }
    }

    /// `removeFile(lfns)`: `{lfn: True}`, **also for LFNs that do not exist** (DFC), and for directories (the
    /// DFC looks for a file and finds none). A file is detached from its datasets, its replicas are marked
    /// `UNAVAILABLE` and its `lifetime` set in the past (`RucioCatalog+Removal.swift`), in that order: from the
    /// last step on, `exists`/`isFile` answer False and the replica views skip it; Rucio's undertaker then
    /// deletes the DID with its rules, and the reaper the replicas on the storage. A later `addFile` of the
    /// same LFN brings it back (see `AddFile`).
    public struct RemoveFile: CatalogMethod {
        public static let name = "removeFile"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.onlyLFNs()
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session)
                let files = resolved.dids.filter { found[$0]?.isFile == true }
                let refused = try await catalog.removeFiles(files, in: session)
                for (entry, did) in resolved.valid {
                    if let error = refused[did] {
                        result.fail(entry, error.perLFNReason)
                    } else {
                        result.succeed(entry, true)
                    }
                }
            }
        }
    }

    /// `setFileStatus({lfn: status})`: `{lfn: True}`. As the DFC: an unknown LFN fails with `"No such file or
    /// directory"`, then a status outside `ValidFileStatus` with `"Invalid file status X"`.
    ///
    /// Rucio keeps a file's availability itself (`AVAILABLE`, `LOST`, `DELETED`, set by its daemons) and no
    /// account can set it through the API (Rucio answers `AccessDenied`, even for root). So the status the file
    /// already has (`AprioriGood` for an available file) is success, any other fails with that reason.
    public struct SetFileStatus: CatalogMethod {
        public static let name = "setFileStatus"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.expectAtMost(1)
            let value = try arguments.required(0, "lfns")
            // `types_setFileStatus = [dict]`: the status is the per-LFN value.
            guard case .dict = value else { throw arguments.mismatch(0, "lfns", "dict", value) }
            return try arguments.lfns(0, "lfns")
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let found = try await catalog.facts(of: resolved.dids, in: session)
                for (entry, did) in resolved.valid {
                    guard let facts = found[did], facts.isFile else {
                        result.fail(entry, FileMethods.noSuchFile)
                        continue
                    }
                    guard let status = entry.value.stringValue, validFileStatus.contains(status) else {
                        result.fail(entry, "Invalid file status \(entry.value.pythonString)")
                        continue
                    }
                    let current = DFCRecords.fileStatus(availability: facts.availability)
                    if status == current {
                        result.succeed(entry, true)
                    } else {
                        result.fail(
                            entry,
                            "Cannot set file status \(status): Rucio keeps the availability of files itself and "
                                + "does not let it be changed through its API (the file is \(current))")
                    }
                }
            }
        }
    }
}

extension MethodRegistry {
    mutating func registerFileWriteMethods(_ catalog: RucioCatalog) {
        register(FileWriteMethods.AddFile(catalog: catalog))
        register(FileWriteMethods.RemoveFile(catalog: catalog))
        register(FileWriteMethods.SetFileStatus(catalog: catalog))
    }
}
