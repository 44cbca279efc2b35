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
            try arguments.expectAtMost(1)
            return try arguments.lfns(0, "lfns")
        }

        public func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                var registration = Registration(catalog: catalog, session: session)
                try await registration.run(resolved, &result)
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
            try arguments.expectAtMost(1)
            return try arguments.lfns(0, "lfns")
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

extension FileWriteMethods {
    /// One LFN of `addFile`, checked.
    struct FileToRegister: Sendable {
        var entry: LFNArgument.Entry
        var did: RucioDID
        var directory: String
        /// The master replica's RSE, then the others (`SE` given as a list).
        var rses: [String]
        var pfn: String
        var bytes: Int64
        /// 8 lower-case hex digits.
        var adler32: String
        /// As Rucio stores it (32 lower-case hex digits), nil when none was given.
        var guid: String?

        var rse: String { rses[0] }
    }

    /// `_checkInfo(info, ["PFN", "SE", "Size", "Checksum"])` and the values Rucio needs, with reasons.
    static func check(_ entry: LFNArgument.Entry, did: RucioDID, storageElements: StorageElementMap)
        -> Result<FileToRegister, Failure>
    {
        guard case .dict(let info) = entry.value, !info.isEmpty else { return .failure("Missing parameters") }
        for key in ["PFN", "SE", "Size", "Checksum", "GUID"] where info[key] == nil {
            return .failure(Failure("Missing '\(key)' parameter"))
        }
        guard let pfn = info["PFN"]?.stringValue else {
            return .failure(Failure("Invalid PFN \(info["PFN"]!.pythonRepr): a string is needed"))
        }
        let ses: [String]
        switch info["SE"]! {
        case .string(let se) where !se.isEmpty: ses = [se]
        case .list(let items) where !items.isEmpty && items.allSatisfy({ $0.stringValue?.isEmpty == false }):
            ses = items.compactMap(\.stringValue)
        case let other: return .failure(Failure("Invalid SE \(other.pythonRepr): an SE name or a list of them is needed"))
        }
        let bytes: Int64
        switch info["Size"]! {
        case .int(let size) where size >= 0: bytes = size
        case .string(let text) where Int64(text).map({ $0 >= 0 }) == true: bytes = Int64(text)!
        case let other: return .failure(Failure("Invalid file size \(other.pythonRepr)"))
        }
        guard let checksum = info["Checksum"]?.stringValue.flatMap(normalisedAdler32) else {
            return .failure(Failure(
                "Invalid checksum \(info["Checksum"]!.pythonRepr): Rucio keeps Adler32 checksums of 8 hexadecimal digits"))
        }
        switch info["ChecksumType"] {
        case nil, .none?: break
        case .string(let type)? where type.isEmpty || ["ADLER32", "AD", "ADLER"].contains(type.uppercased()): break
        case let other?:
            return .failure(Failure("Checksum type \(other.pythonString) is not supported: Rucio keeps Adler32 checksums"))
        }
        guard let guidText = info["GUID"]?.stringValue else {
            return .failure(Failure("Invalid GUID \(info["GUID"]!.pythonRepr): a string is needed"))
        }
        let guid = DFCRecords.storedGUID(guidText)
        guard guid.isEmpty || (guid.utf8.count == 32 && guid.allSatisfy(\.isHexDigit)) else {
            return .failure(Failure("Invalid GUID \(guidText): Rucio keeps GUIDs of 32 hexadecimal digits"))
        }
        let directory = NamespacePath.parent(of: entry.lfn)
        guard NamespacePath.chain(of: directory).count >= 2 else {
            return .failure(Failure(
                "Cannot register \(entry.lfn) directly in \(directory): Rucio needs a directory (a dataset) below the top-level one"))
        }
        return .success(FileToRegister(
            entry: entry, did: did, directory: directory, rses: ses.map(storageElements.rse(forSE:)), pfn: pfn,
            bytes: bytes, adler32: checksum, guid: guid.isEmpty ? nil : guid))
    }

    /// A reason for `Failed`.
    struct Failure: Error, ExpressibleByStringLiteral {
        var reason: String
        init(_ reason: String) { self.reason = reason }
        init(stringLiteral value: String) { reason = value }
    }

    /// DIRAC's Adler32 spelling (`intAdlerToHex`: 8 lower-case hex digits); shorter ones are padded, as
    /// `compareAdler` compares the numbers.
    static func normalisedAdler32(_ text: String) -> String? {
        let hex = text.lowercased().trimmingPrefix("0x")
        guard !hex.isEmpty, hex.count <= 8, hex.allSatisfy(\.isHexDigit) else { return nil }
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Whether a file Rucio holds has the given `Size`, `Checksum` and `GUID` (the DFC's comparison).
    static func sameMetadata(_ facts: DIDFacts, _ file: FileToRegister) -> Bool {
        facts.bytes == file.bytes
            && facts.adler32.flatMap(normalisedAdler32) == file.adler32
            && DFCRecords.storedGUID(facts.guid ?? "") == (file.guid ?? "")
    }
}

extension FileWriteMethods {
    /// One `addFile` call's plan (see `AddFile`).
    struct Registration {
        let catalog: RucioCatalog
        let session: RucioAccountSession
        var failed: [RucioDID: String] = [:]

        init(catalog: RucioCatalog, session: RucioAccountSession) {
            self.catalog = catalog
            self.session = session
        }

        /// A file to register or to complete outside `/dirac/addfiles`.
        struct Placement {
            var file: FileToRegister
            /// The dataset the file goes into: its directory, or the directory's hidden `.dfc-files`.
            var dataset: RucioDID
            /// Rucio has the file (removed, or not attached anywhere): its replica states by RSE.
            var existingStates: [String: RucioReplicaState]?
            var isExpired = false
        }

        mutating func fail(_ file: FileToRegister, _ reason: String) {
            if failed[file.did] == nil { failed[file.did] = reason }
        }

        mutating func run(_ resolved: ResolvedPaths, _ result: inout BulkResult) async throws(RucioError) {
            var files: [FileToRegister] = []
            for (entry, did) in resolved.valid {
                switch check(entry, did: did, storageElements: catalog.storageElements) {
                case .success(let file): files.append(file)
                case .failure(let failure): result.fail(entry, failure.reason)
                }
            }
            guard !files.isEmpty else { return }

            let checked = files
            let rses = try await storageElements(for: files)
            files = files.filter { failed[$0.did] == nil }

            // What Rucio already has of these LFNs (removed ones included), and their replicas and parents.
            let stored = try await catalog.storedFacts(of: files.map(\.did), in: session)
            let existing = files.filter { stored[$0.did]?.isFile == true }.map(\.did)
            let replicas = RucioRecordCollector<RucioReplicaRecord>()
            if !existing.isEmpty {
                try await session.listReplicas(
                    for: existing, query: RucioReplicaQuery(allStates: true, ignoreAvailability: true, resolveParents: true)
                ) { replicas.append($0) }
            }
            let replicaRecords = Dictionary(replicas.records.map { ($0.did, $0) }, uniquingKeysWith: { first, _ in first })
            let now = CatalogClock.nowSeconds()

            var registered: [FileToRegister] = []  // already complete in Rucio
            var new: [FileToRegister] = []
            var toPlace: [(file: FileToRegister, states: [String: RucioReplicaState], expired: Bool)] = []
            for file in files {
                guard let facts = stored[file.did] else {
                    new.append(file)
                    continue
                }
                let expired = facts.isExpired(now: now)
                let removed = "was removed and Rucio keeps it until its undertaker deletes it"
                if !facts.isFile {
                    fail(file, expired ? "Cannot register \(file.entry.lfn): a directory of that name \(removed)"
                        : "Cannot register \(file.entry.lfn): it is a directory")
                    continue
                }
                guard sameMetadata(facts, file) else {
                    fail(file, expired
                        ? "Cannot register \(file.entry.lfn) with this size, checksum or GUID: the file \(removed) "
                            + "with other ones, which Rucio cannot change"
                        : alternativeMetadata)
                    continue
                }
                let record = replicaRecords[file.did]
                let states = Dictionary(record?.states.map { ($0.key, $0.value) } ?? [], uniquingKeysWith: { first, _ in first })
                if !expired {
                    if states.isEmpty {
                        fail(file, noReplicas)
                        continue
                    }
                    if states[file.rse] == nil {
                        fail(file, alternativeReplicas)
                        continue
                    }
                    if !(record?.parents ?? []).isEmpty {
                        registered.append(file)
                        continue
                    }
                }
                toPlace.append((file, states, expired))
            }

            // The directories: made ready (checked, removed levels brought back); a directory that must hold a
            // file Rucio already has is created as a dataset, the others are /dirac/addfiles's to create.
            var needsDataset: OrderedDictionary<String, Bool> = [:]
            for file in new where needsDataset[file.directory] == nil { needsDataset[file.directory] = false }
            for (file, _, _) in toPlace { needsDataset[file.directory] = true }
            let prepared = try await catalog.prepareDirectories(
                needsDataset.map { DirectoryTarget(path: $0.key, createAs: $0.value ? .dataset : nil) },
                reattachExisting: false, in: session)

            var viaAddFiles: [FileToRegister] = []
            var placements: [Placement] = []
            var hiddenOf: OrderedDictionary<RucioDID, RucioDID> = [:]  // container → its hidden dataset
            func target(_ file: FileToRegister) -> (RucioDID, RucioDIDType?)? {
                guard prepared.failures[file.directory] == nil, let directory = prepared.dids[file.directory] else {
                    return nil
                }
                return (directory, prepared.types[directory])
            }
            for file in new {
                guard let (directory, type) = target(file) else {
                    fail(file, prepared.failures[file.directory] ?? "Invalid LFN: \(file.directory)")
                    continue
                }
                if type == .container {
                    let hidden = catalog.naming.hiddenFilesDID(of: directory)
                    hiddenOf[directory] = hidden
                    placements.append(Placement(file: file, dataset: hidden))
                } else {
                    viaAddFiles.append(file)
                }
            }
            for (file, states, expired) in toPlace {
                guard let (directory, type) = target(file) else {
                    fail(file, prepared.failures[file.directory] ?? "Invalid LFN: \(file.directory)")
                    continue
                }
                var dataset = directory
                if type == .container {
                    dataset = catalog.naming.hiddenFilesDID(of: directory)
                    hiddenOf[directory] = dataset
                }
                placements.append(Placement(file: file, dataset: dataset, existingStates: states, isExpired: expired))
            }

            try await prepareHiddenDatasets(hiddenOf, placements: &placements)
            try await addViaDirac(viaAddFiles, rses: rses)
            try await place(placements.filter { failed[$0.file.did] == nil }, rses: rses)
            let done = registered + viaAddFiles + placements.map(\.file)
            try await addExtraReplicas(done.filter { failed[$0.did] == nil && $0.rses.count > 1 }, rses: rses)

            for file in checked {
                if let reason = failed[file.did] {
                    result.fail(file.entry, reason)
                } else {
                    result.succeed(file.entry, true)
                }
            }
        }

        /// The RSEs of the call (`GET /rses/{rse}` each): unknown ones fail their LFNs before anything is
        /// written (Rucio would refuse the whole request).
        mutating func storageElements(for files: [FileToRegister]) async throws(RucioError) -> [String: RucioRSE] {
            var rses: [String: RucioRSE] = [:]
            var unknown: Set<String> = []
            for name in OrderedSet(files.flatMap(\.rses)) {
                do throws(RucioError) {
                    rses[name] = try await session.rse(name)
                } catch where error.isItemRefusal {
                    unknown.insert(name)
                }
            }
            for file in files {
                if let name = file.rses.first(where: unknown.contains) {
                    let se = file.entry.value.dictValue?["SE"]
                    let seName = se?.stringValue ?? se?.listValue?.first(where: {
                        $0.stringValue.map(catalog.storageElements.rse(forSE:)) == name
                    })?.stringValue ?? name
                    fail(file, "Unknown storage element \(seName): Rucio has no RSE \(name)")
                }
            }
            return rses
        }

        /// The PFN to give Rucio for a replica on `rse`: only non-deterministic RSEs take one.
        func pfn(_ file: FileToRegister, on rse: String, _ rses: [String: RucioRSE]) -> String? {
            guard let info = rses[rse], !info.isDeterministic, !file.pfn.isEmpty else { return nil }
            return file.pfn
        }

        /// Hidden `.dfc-files` datasets of container directories: created if missing, attached to their
        /// directory (again: that completes an interrupted first use), lifetime cleared if removed.
        mutating func prepareHiddenDatasets(
            _ hiddenOf: OrderedDictionary<RucioDID, RucioDID>, placements: inout [Placement]
        ) async throws(RucioError) {
            guard !hiddenOf.isEmpty else { return }
            let stored = try await catalog.storedFacts(of: Array(hiddenOf.values), in: session)
            let now = CatalogClock.nowSeconds()
            var refused = try await catalog.createCollections(
                hiddenOf.values.filter { stored[$0] == nil }.map { ($0, RucioDIDType.dataset) }, in: session)
            let links = hiddenOf.filter { refused[$0.value] == nil }.map { (child: $0.value, parent: $0.key) }
            for (did, error) in try await catalog.attach(links, in: session) { refused[did] = error }
            let revive = hiddenOf.values.filter { refused[$0] == nil && stored[$0]?.isExpired(now: now) == true }
            for (did, error) in try await catalog.clearLifetime(Array(revive), in: session) { refused[did] = error }
            for placement in placements {
                if let error = refused[placement.dataset] {
                    fail(placement.file, "Cannot prepare \(placement.dataset.name): \(error.perLFNReason)")
                }
            }
        }

        /// New files whose directory is missing or a dataset: Rucio's `/dirac/addfiles`.
        mutating func addViaDirac(_ files: [FileToRegister], rses: [String: RucioRSE]) async throws(RucioError) {
            let session = self.session
            let inputs = files.filter { failed[$0.did] == nil }.map { file in
                RucioDiracFile(
                    lfn: file.entry.lfn, rse: file.rse, bytes: file.bytes, adler32: file.adler32, guid: file.guid,
                    pfn: pfn(file, on: file.rse, rses))
            }
            let refused = try await catalog.bulkOrEach(
                inputs,
                bulk: { (items: [RucioDiracFile]) async throws(RucioError) in
                    try await session.diracAddFiles(items, ignoreAvailability: false)
                },
                each: { (item: RucioDiracFile) async throws(RucioError) in
                    try await session.diracAddFiles([item], ignoreAvailability: false)
                })
            let byLFN = Dictionary(files.map { ($0.entry.lfn, $0) }, uniquingKeysWith: { first, _ in first })
            for (index, error) in refused {
                if let file = byLFN[inputs[index].lfn] { fail(file, error.perLFNReason) }
            }
        }

        /// Files registered outside `/dirac/addfiles` (into a hidden dataset, or completed, or brought back):
        /// replica, replica `AVAILABLE` again, rule, attachment, and for a removed file its lifetime cleared.
        mutating func place(_ placements: [Placement], rses: [String: RucioRSE]) async throws(RucioError) {
            guard !placements.isEmpty else { return }
            var byRSE: OrderedDictionary<String, [FileToRegister]> = [:]
            var revalidate: OrderedDictionary<String, [RucioDID]> = [:]
            for placement in placements {
                let file = placement.file
                let state = placement.existingStates?[file.rse]
                if state == nil {
                    byRSE[file.rse, default: []].append(file)
                } else if state != .available {
                    revalidate[file.rse, default: []].append(file.did)
                }
            }
            for (rse, files) in byRSE {
                try await addReplicas(files, on: rse, rses: rses)
            }
            for (did, error) in try await catalog.setReplicaStates(revalidate, to: .available, in: session) {
                if let placement = placements.first(where: { $0.file.did == did }) { fail(placement.file, error.perLFNReason) }
            }
            var ruleFiles: OrderedDictionary<String, [FileToRegister]> = [:]
            for placement in placements where failed[placement.file.did] == nil {
                ruleFiles[placement.file.rse, default: []].append(placement.file)
            }
            for (rse, files) in ruleFiles {
                try await addRules(files, on: rse)
            }
            let ready = placements.filter { failed[$0.file.did] == nil }
            let refused = try await catalog.attach(ready.map { (child: $0.file.did, parent: $0.dataset) }, in: session)
            for placement in ready {
                if let error = refused[placement.file.did] { fail(placement.file, error.perLFNReason) }
            }
            let revive = placements.filter { $0.isExpired && failed[$0.file.did] == nil }
            for (did, error) in try await catalog.clearLifetime(revive.map(\.file.did), in: session) {
                if let placement = revive.first(where: { $0.file.did == did }) { fail(placement.file, error.perLFNReason) }
            }
        }

        /// The replicas of `SE` lists beyond the first (DFC: extra replicas of a new file), with their rules.
        mutating func addExtraReplicas(_ files: [FileToRegister], rses: [String: RucioRSE]) async throws(RucioError) {
            var byRSE: OrderedDictionary<String, [FileToRegister]> = [:]
            for file in files {
                for rse in file.rses.dropFirst() where rse != file.rse { byRSE[rse, default: []].append(file) }
            }
            for (rse, files) in byRSE {
                try await addReplicas(files, on: rse, rses: rses)
                try await addRules(files.filter { failed[$0.did] == nil }, on: rse)
            }
        }

        /// `POST /replicas` on one RSE (an existing replica is skipped by Rucio: a retry is harmless).
        mutating func addReplicas(_ files: [FileToRegister], on rse: String, rses: [String: RucioRSE])
            async throws(RucioError)
        {
            let session = self.session
            let replicas = files.map { file in
                RucioNewReplica(
                    did: file.did, bytes: file.bytes, adler32: file.adler32, pfn: pfn(file, on: rse, rses), guid: file.guid)
            }
            let refused = try await catalog.bulkOrEach(
                replicas,
                bulk: { (items: [RucioNewReplica]) async throws(RucioError) in
                    try await session.addReplicas(rse: rse, files: items)
                },
                each: { (item: RucioNewReplica) async throws(RucioError) in
                    try await session.addReplicas(rse: rse, files: [item])
                })
            for (index, error) in refused { fail(files[index], error.perLFNReason) }
        }

        /// A rule per file on its RSE (one copy, no grouping, no lifetime: what `/dirac/addfiles` adds with
        /// Rucio's default `[dirac] file_lifetime`), so Rucio keeps the replica. An existing one is done.
        mutating func addRules(_ files: [FileToRegister], on rse: String) async throws(RucioError) {
            let session = self.session
            let refused = try await catalog.bulkOrEach(
                files.map(\.did),
                bulk: { (dids: [RucioDID]) async throws(RucioError) in
                    var start = 0
                    while start < dids.count {
                        let chunk = Array(dids[start..<min(start + 1000, dids.count)])
                        _ = try await session.addRule(RucioRuleSpec(dids: chunk, account: session.account, rseExpression: rse))
                        start += 1000
                    }
                },
                each: { (did: RucioDID) async throws(RucioError) in
                    _ = try await session.addRule(RucioRuleSpec(dids: [did], account: session.account, rseExpression: rse))
                },
                tolerate: { $0.isDuplicate })
            for (index, error) in refused { fail(files[index], error.perLFNReason) }
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
