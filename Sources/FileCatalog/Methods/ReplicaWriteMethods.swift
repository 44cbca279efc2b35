import DIRACWire
import FoundationEssentials
import GatewayJSON
import OrderedCollections
import RucioREST

/// The replica write methods: `addReplica`, `removeReplica`, `setReplicaStatus`, `setReplicaHost`
/// (`dirac-surface.md` §1.3, §7; DFC: `FileManagerBase` and `FileManager` of DIRAC 9.1.22).
///
/// Each takes `{lfn: {"SE": …, …}}` and answers the DFC's bulk shape. Every one is safely repeatable, since
/// DIRAC clients retry a call that timed out (on the same or another gateway): adding an existing replica,
/// removing a missing one, setting the status a replica already has, moving a replica already moved — all
/// succeed without changing anything.
///
/// In Rucio a replica is a row on an RSE pinned by replication rules; the API cannot delete it (`DELETE
/// /replicas` is refused for every account): the reaper deletes a replica once no rule locks it and it has a
/// tombstone. So:
///
/// - **adding** registers the replica (`POST /replicas`, per RSE, ≤1000 files) and pins it with a rule for the
///   file on that RSE (1 copy, the caller's account, as `/dirac/addfiles` does for the first replica);
/// - **removing** expires the rules on the file whose RSE expression is that RSE (`PUT /rules/{id}`
///   `lifetime` 0), then marks the replica `UNAVAILABLE` (`PUT /replicas`, admin), which hides it from
///   `getReplicas` at once. Rucio's judge-cleaner then deletes the expired rules and their locks; a replica
///   left without a lock while `UNAVAILABLE` gets an `OBSOLETE` tombstone and the reaper deletes the file
///   on the storage and the replica row. **The data really goes when those two daemons have run** (their
///   own schedules: minutes with the usual settings), and only if no other rule still locks that replica
///   (see `removeReplica`).
public enum ReplicaWriteMethods {
    /// `FileManagerBase._checkInfo`'s reasons, in `Failed`.
    public static let missingParameters = "Missing parameters"
    public static func missingParameter(_ key: String) -> String { "Missing '\(key)' parameter" }
    /// `FileManager._setReplicaStatus`'s reasons.
    public static let noSuchReplica = "Replica does not exist"
    public static func invalidStatus(_ status: String) -> String { "Invalid replica status \(status)" }

    /// `addReplica({lfn: {"SE", "PFN"}})`: Successful `{lfn: True}`, also when the replica is already there (the
    /// DFC's `_insertReplicas` skips existing ones); `"No such file or directory"` when there is no such file
    /// (or it is a directory, or removed); `"Missing 'PFN' parameter"`, `"Missing 'SE' parameter"`, `"Missing
    /// parameters"` as `_checkInfo(info, ["PFN", "SE"])` says. `SE` may be a list, one replica per SE (DFC).
    ///
    /// Rucio: `POST /replicas` with the file's own bytes, Adler32, MD5 and GUID (so the replica cannot
    /// disagree with the file, whatever Rucio would accept), then a rule for the file on the RSE (`POST
    /// /rules/`, 1 copy, grouping NONE, the caller's account); an existing rule of that account there is
    /// success, an expired one (left by `removeReplica`) is revived. Rucio computes the PFN on deterministic
    /// RSEs and refuses any other (`InvalidPath`), so the `PFN` sent is only passed on for non-deterministic
    /// RSEs, where Rucio needs it (an empty one fails for that LFN).
    ///
    /// An existing replica keeps its status, as in the DFC, with one exception: an `UNAVAILABLE` (`Trash`)
    /// replica is made `AVAILABLE` again, because that is what `removeReplica` leaves until Rucio's reaper
    /// has run, and adding the replica back must make it visible (the data is there again).
    public struct AddReplica: CatalogMethod {
        public static let name = "addReplica"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public struct Info: Sendable {
            public var storageElements: [String]
            public var pfn: String
        }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> ReplicaWriteArgument<Info> {
            try ReplicaWriteArgument(arguments, required: ["PFN", "SE"]) { info, lfn throws(DIRACError) in
                let storageElements: [String]
                switch info["SE"] {
                case .string(let se)?: storageElements = [se]
                case .list(let items)?:
                    storageElements = try items.map { item throws(DIRACError) in
                        guard let se = item.stringValue else { throw arguments.badInfo(lfn, "SE", "str or list of str", item) }
                        return se
                    }
                case let other: throw arguments.badInfo(lfn, "SE", "str or list of str", other ?? .none)
                }
                return Info(storageElements: storageElements, pfn: try arguments.infoString(info, "PFN", of: lfn))
            }
        }

        public func run(_ arguments: ReplicaWriteArgument<Info>, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let requests = arguments.accepted(resolved, into: &result)
                let facts = try await catalog.facts(of: requests.map(\.did), in: session)
                var placements: [RucioCatalog.ReplicaPlacement] = []
                var requestOfPlacement: [Int] = []
                for (index, request) in requests.enumerated() {
                    guard let file = facts[request.did], file.isFile else { continue }
                    for se in request.info.storageElements {
                        placements.append(RucioCatalog.ReplicaPlacement(
                            file: file, rse: catalog.storageElements.rse(forSE: se), pfn: request.info.pfn, state: .available))
                        requestOfPlacement.append(index)
                    }
                }
                let current = try await catalog.replicaStates(of: placements.map(\.file.did), in: session)
                var reasons: [Int: String] = [:]
                for (placement, reason) in try await catalog.placeReplicas(placements, current: current, in: session) {
                    reasons[requestOfPlacement[placement]] = reasons[requestOfPlacement[placement]] ?? reason
                }
                for (index, request) in requests.enumerated() {
                    if facts[request.did]?.isFile != true {
                        result.fail(request.entry, FileMethods.noSuchFile)
                    } else if let reason = reasons[index] {
                        result.fail(request.entry, reason)
                    } else {
                        result.succeed(request.entry, true)
                    }
                }
            }
        }
    }

    /// `removeReplica({lfn: {"SE"[, "PFN"]}})`: Successful `{lfn: True}`, **also when the file or the replica
    /// does not exist** (`FileManager._deleteReplicas`: DataManager and the RMS retry on that); the file itself
    /// stays, even with no replica left (DFC). `"Missing 'SE' parameter"`/`"Missing parameters"` from
    /// `_checkInfo`; the PFN is not needed.
    ///
    /// Rucio: for each file, its rules whose RSE expression is that RSE (any account) are expired (`PUT
    /// /rules/{id}` `lifetime` 0, one per rule: no bulk endpoint), then the replica is marked `UNAVAILABLE`
    /// (`PUT /replicas` per RSE, ≤1000), so `getReplicas` (Rucio's `AVAILABLE` view) drops it at once;
    /// `getReplicas(allStatus=True)` shows it as `Trash` until the reaper has deleted it. Expired, not deleted
    /// (`DELETE /rules/{id}` only sets an expiry an hour ahead): an `UNAVAILABLE` replica makes the rule's
    /// lock `STUCK`, and Rucio's judge-repairer, which leaves expired rules alone, would otherwise restore the
    /// replica from another copy. Rules first, state last, so a call interrupted half-way still shows the
    /// replica and the client's retry finishes it. A rule Rucio has `locked` cannot go: the LFN fails with
    /// the rule's id and nothing is changed.
    ///
    /// Rules of the file's directory are left alone: `/dirac/addfiles` gives each directory dataset a rule
    /// `ANY=true` (1 copy, grouping NONE), which is the whole directory's policy and cannot be narrowed to one
    /// file. With Rucio's daemons running, the judge-evaluator gives it one lock per file, on an RSE already
    /// holding the file (without daemons, as on the test peer, it has no lock: `locks_ok_cnt` 0, `GET
    /// /rules/{id}/locks` empty). When that lock is on the removed replica, marking it `UNAVAILABLE` makes the
    /// lock `STUCK`, and the judge-repairer moves it to another `AVAILABLE` replica (NONE grouping prefers
    /// RSEs that hold the file), releasing this one, which is then reaped. For the file's last replica there
    /// is nowhere to move it: Rucio keeps trying to restore a copy (the dataset rule stays `STUCK`) while the
    /// replica is reaped. `removeFile` is how a file goes (DataManager removes a file's last replica that way).
    public struct RemoveReplica: CatalogMethod {
        public static let name = "removeReplica"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public struct Info: Sendable {
            public var storageElement: String
        }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> ReplicaWriteArgument<Info> {
            try ReplicaWriteArgument(arguments, required: ["SE"]) { info, lfn throws(DIRACError) in
                Info(storageElement: try arguments.infoString(info, "SE", of: lfn))
            }
        }

        public func run(_ arguments: ReplicaWriteArgument<Info>, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let requests = arguments.accepted(resolved, into: &result)
                let facts = try await catalog.facts(of: requests.map(\.did), in: session)
                var byRSE: OrderedDictionary<String, [RucioDID]> = [:]
                for request in requests where facts[request.did]?.isFile == true {
                    let rse = catalog.storageElements.rse(forSE: request.info.storageElement)
                    if byRSE[rse]?.contains(request.did) != true { byRSE[rse, default: []].append(request.did) }
                }
                var refused: [String: [RucioDID: String]] = [:]
                for (rse, files) in byRSE {
                    refused[rse] = try await catalog.withdrawReplicas(of: files, from: rse, in: session)
                }
                for request in requests {
                    let rse = catalog.storageElements.rse(forSE: request.info.storageElement)
                    if let reason = refused[rse]?[request.did] {
                        result.fail(request.entry, reason)
                    } else {
                        result.succeed(request.entry, true)
                    }
                }
            }
        }
    }

    /// `setReplicaStatus({lfn: {"SE", "Status"[, "PFN"]}})`: Successful `{lfn: 1}` when the status changed and
    /// `{lfn: 0}` when the replica already had it (the DFC answers MySQL's count of changed rows). Failed, in
    /// the DFC's order of checks: `_checkInfo`'s `"Missing 'SE' parameter"`/`"Missing 'Status' parameter"`,
    /// `"No such file or directory"`, `"Invalid replica status <Status>"` (only `ValidReplicaStatus`:
    /// AprioriGood, Trash, Removing, Probing), `"Replica does not exist"`.
    ///
    /// Rucio: `PUT /replicas` per RSE (≤1000; admin) with the state `DFCRecords.rucioReplicaState(forStatus:)`
    /// gives (AprioriGood → `AVAILABLE`, Trash → `UNAVAILABLE`, Probing → `TEMPORARY_UNAVAILABLE`, Removing →
    /// `BEING_DELETED`), the reverse of what `getReplicaStatus` answers, so a status reads back as set. Rucio's
    /// own effects come with it: `Trash` makes the replica's rule locks `STUCK` (with daemons, Rucio tries to
    /// restore the copy where a rule wants it), `Removing` gives it an `OBSOLETE` tombstone (the reaper deletes
    /// it once unlocked). `removeReplica` is the way to remove a replica. Rules are not touched.
    public struct SetReplicaStatus: CatalogMethod {
        public static let name = "setReplicaStatus"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public struct Info: Sendable {
            public var storageElement: String
            public var status: DIRACValue
        }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> ReplicaWriteArgument<Info> {
            try ReplicaWriteArgument(arguments, required: ["SE", "Status"]) { info, lfn throws(DIRACError) in
                Info(storageElement: try arguments.infoString(info, "SE", of: lfn), status: info["Status"] ?? .none)
            }
        }

        public func run(_ arguments: ReplicaWriteArgument<Info>, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let requests = arguments.accepted(resolved, into: &result)
                let facts = try await catalog.facts(of: requests.map(\.did), in: session)
                let current = try await catalog.replicaStates(
                    of: requests.map(\.did).filter { facts[$0]?.isFile == true }, in: session)
                var updates: OrderedDictionary<RucioReplicaState, OrderedDictionary<String, [RucioDID]>> = [:]
                var changing: [(entry: LFNArgument.Entry, did: RucioDID)] = []
                for request in requests {
                    guard facts[request.did]?.isFile == true else {
                        result.fail(request.entry, FileMethods.noSuchFile)
                        continue
                    }
                    guard let status = request.info.status.stringValue,
                        let target = DFCRecords.rucioReplicaState(forStatus: status)
                    else {
                        result.fail(request.entry, invalidStatus(request.info.status.pythonString))
                        continue
                    }
                    let rse = catalog.storageElements.rse(forSE: request.info.storageElement)
                    guard let state = current[request.did]?[rse] else {
                        result.fail(request.entry, noSuchReplica)
                        continue
                    }
                    if state == target {
                        result.succeed(request.entry, .int(0))
                        continue
                    }
                    if updates[target]?[rse]?.contains(request.did) != true {
                        updates[target, default: [:]][rse, default: []].append(request.did)
                    }
                    changing.append((request.entry, request.did))
                }
                var refused: [RucioDID: RucioError] = [:]
                for (target, byRSE) in updates {
                    refused.merge(try await catalog.setReplicaStates(byRSE, to: target, in: session)) { first, _ in first }
                }
                for (entry, did) in changing {
                    if let error = refused[did] {
                        result.fail(entry, error.perLFNReason)
                    } else {
                        result.succeed(entry, .int(1))
                    }
                }
            }
        }
    }

    /// `setReplicaHost({lfn: {"SE", "NewSE"}})`: the file's replica moves from `SE` to `NewSE`, keeping its
    /// status (DFC: `UPDATE FC_Replicas SET SEID`). Successful `{lfn: 1}` when moved, `{lfn: 0}` when `SE` and
    /// `NewSE` are the same, **`{lfn: None}` when there is no replica at `SE`** (the DFC's answer, which also
    /// makes a retry of a completed move a success); `"No such file or directory"`, `_checkInfo`'s
    /// `"Missing 'SE' parameter"`/`"Missing 'NewSE' parameter"` in Failed.
    ///
    /// Rucio: the replica is added at `NewSE` as `addReplica` does (same state, file's checksums, a rule there;
    /// an optional `PFN` in the dictionary is used when `NewSE` is non-deterministic, where Rucio needs one),
    /// then withdrawn at `SE` as `removeReplica` does. A replica at `SE` that is `UNAVAILABLE` or
    /// `BEING_DELETED` counts as absent: that is what a removal (or an earlier move) leaves until the reaper
    /// has run. If the addition fails, nothing is withdrawn.
    public struct SetReplicaHost: CatalogMethod {
        public static let name = "setReplicaHost"
        public static let access = MethodAccess.write
        let catalog: RucioCatalog

        public init(catalog: RucioCatalog) { self.catalog = catalog }

        public struct Info: Sendable {
            public var storageElement: String
            public var newStorageElement: String
            public var pfn: String?
        }

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> ReplicaWriteArgument<Info> {
            try ReplicaWriteArgument(arguments, required: ["SE", "NewSE"]) { info, lfn throws(DIRACError) in
                Info(
                    storageElement: try arguments.infoString(info, "SE", of: lfn),
                    newStorageElement: try arguments.infoString(info, "NewSE", of: lfn),
                    pfn: info["PFN"]?.stringValue)
            }
        }

        public func run(_ arguments: ReplicaWriteArgument<Info>, in context: CallContext) async -> DIRACResult {
            await catalog.performBulk(Self.name, arguments.lfns, for: context.caller) { resolved, session, result throws(RucioError) in
                let requests = arguments.accepted(resolved, into: &result)
                let facts = try await catalog.facts(of: requests.map(\.did), in: session)
                let current = try await catalog.replicaStates(
                    of: requests.map(\.did).filter { facts[$0]?.isFile == true }, in: session)
                var placements: [RucioCatalog.ReplicaPlacement] = []
                var moves: [(entry: LFNArgument.Entry, did: RucioDID, from: String, placement: Int)] = []
                for request in requests {
                    guard let file = facts[request.did], file.isFile else {
                        result.fail(request.entry, FileMethods.noSuchFile)
                        continue
                    }
                    let from = catalog.storageElements.rse(forSE: request.info.storageElement)
                    let to = catalog.storageElements.rse(forSE: request.info.newStorageElement)
                    guard let state = current[request.did]?[from], state != .unavailable, state != .beingDeleted else {
                        result.succeed(request.entry, .none)
                        continue
                    }
                    if from == to {
                        result.succeed(request.entry, .int(0))
                        continue
                    }
                    placements.append(RucioCatalog.ReplicaPlacement(file: file, rse: to, pfn: request.info.pfn, state: state))
                    moves.append((request.entry, request.did, from, placements.count - 1))
                }
                let placed = try await catalog.placeReplicas(placements, current: current, in: session)
                var byRSE: OrderedDictionary<String, [RucioDID]> = [:]
                for move in moves where placed[move.placement] == nil {
                    if byRSE[move.from]?.contains(move.did) != true { byRSE[move.from, default: []].append(move.did) }
                }
                var withdrawn: [String: [RucioDID: String]] = [:]
                for (rse, files) in byRSE {
                    withdrawn[rse] = try await catalog.withdrawReplicas(of: files, from: rse, in: session)
                }
                for move in moves {
                    if let reason = placed[move.placement] ?? withdrawn[move.from]?[move.did] {
                        result.fail(move.entry, reason)
                    } else {
                        result.succeed(move.entry, .int(1))
                    }
                }
            }
        }
    }
}

/// The `{lfn: {key: value}}` argument of a replica write, each dictionary checked as the DFC's
/// `FileManagerBase._checkInfo(info, requiredKeys)` does: a falsy value fails that LFN with `"Missing
/// parameters"`, a missing key with `"Missing '<key>' parameter"` (the first missing one in the DFC's order).
/// A truthy value that is not a dictionary (`True`, from a list or a string of LFNs) makes the DFC raise
/// (`TypeError`, an HTTP 500); the gateway answers `S_ERROR(EINVAL)` instead, as it does for malformed values.
public struct ReplicaWriteArgument<Info: Sendable>: Sendable {
    public enum Checked: Sendable {
        case accepted(Info)
        case rejected(String)
    }

    public var lfns: LFNArgument
    /// By normalised LFN.
    public var infos: [String: Checked]

    init(
        _ arguments: ArgumentList, required keys: [String],
        _ make: (OrderedDictionary<String, DIRACValue>, String) throws(DIRACError) -> Info
    ) throws(DIRACError) {
        try arguments.expectAtMost(1)
        lfns = try arguments.lfns(0, "lfns")
        infos = [:]
        for entry in lfns.entries.values {
            guard entry.value.isTruthy else {
                infos[entry.lfn] = .rejected(ReplicaWriteMethods.missingParameters)
                continue
            }
            guard let info = entry.value.dictValue else {
                throw .invalidArgument(
                    "\(arguments.method): the value for \(entry.lfn) must be a dict with \(keys.joined(separator: ", ")), "
                        + "got \(entry.value.pythonTypeName)")
            }
            if let missing = keys.first(where: { !info.keys.contains($0) }) {
                infos[entry.lfn] = .rejected(ReplicaWriteMethods.missingParameter(missing))
                continue
            }
            infos[entry.lfn] = .accepted(try make(info, entry.lfn))
        }
    }

    /// The valid LFNs whose dictionary was accepted; the others go to `Failed` with the DFC's reason.
    func accepted(_ resolved: ResolvedPaths, into result: inout BulkResult)
        -> [(entry: LFNArgument.Entry, did: RucioDID, info: Info)]
    {
        var accepted: [(entry: LFNArgument.Entry, did: RucioDID, info: Info)] = []
        for (entry, did) in resolved.valid {
            switch infos[entry.lfn] {
            case .accepted(let info)?: accepted.append((entry, did, info))
            case .rejected(let reason)?: result.fail(entry, reason)
            case nil: result.fail(entry, ReplicaWriteMethods.missingParameters)
            }
        }
        return accepted
    }
}

extension ArgumentList {
    /// A string member of one LFN's dictionary.
    func infoString(_ info: OrderedDictionary<String, DIRACValue>, _ key: String, of lfn: String) throws(DIRACError) -> String {
        let value = info[key] ?? .none
        guard let text = value.stringValue else { throw badInfo(lfn, key, "str", value) }
        return text
    }

    func badInfo(_ lfn: String, _ key: String, _ expected: String, _ value: DIRACValue) -> DIRACError {
        .invalidArgument("\(method): \(key) of \(lfn) must be \(expected), got \(value.pythonTypeName)")
    }
}

extension RucioCatalog {
    /// A replica a write wants on an RSE: for `file`, in `state` if it has to be created or revived.
    struct ReplicaPlacement: Sendable {
        var file: DIDFacts
        var rse: String
        /// The caller's PFN, sent only to non-deterministic RSEs.
        var pfn: String?
        var state: RucioReplicaState
    }

    /// Every replica state of each file, by RSE name, on every RSE (`POST /replicas/list`, `all_states`,
    /// ignoring RSE availability, ≤1000 per request). Files Rucio does not know are absent.
    func replicaStates(of dids: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: OrderedDictionary<String, RucioReplicaState>]
    {
        var seen = Set<RucioDID>()
        let unique = dids.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [:] }
        let gathered = Gathered<RucioDID, OrderedDictionary<String, RucioReplicaState>>()
        try await session.listReplicas(for: unique, query: RucioReplicaQuery(allStates: true, ignoreAvailability: true)) {
            gathered.set($0.did, $0.states)
        }
        return gathered.values
    }

    /// The rules on each file DID itself (`GET /dids/{scope}/{name}/rules`: Rucio has no bulk form; a few at a
    /// time). A DID that is gone has none.
    func rules(of dids: [RucioDID], in session: RucioAccountSession) async throws(RucioError) -> [RucioDID: [RucioRule]] {
        let lists = try await concurrentMap(dids) { (did: RucioDID) async throws(RucioError) -> [RucioRule] in
            let collector = RucioRecordCollector<RucioRule>()
            do throws(RucioError) {
                try await session.listRules(for: did, collector.append)
            } catch where error.isDataIdentifierNotFound {
                return []
            }
            return collector.records
        }
        return Dictionary(zip(dids, lists), uniquingKeysWith: { first, _ in first })
    }

    /// Puts replicas in place (`addReplica`, the arrival side of `setReplicaHost`), RSE by RSE: registers the
    /// missing ones (`POST /replicas`, ≤1000, then file by file if Rucio refuses the batch, to find which),
    /// revives `UNAVAILABLE` ones to the placement's state (`PUT /replicas`), leaves other states as they are,
    /// and pins the `AVAILABLE`/`TEMPORARY_UNAVAILABLE` ones with a rule (`pinReplicas`). The state is set
    /// before the rule: a rule on an `UNAVAILABLE` replica would start a transfer to re-create it. Returns the
    /// reason for each placement (by index) that failed; an RSE Rucio does not know fails its placements.
    func placeReplicas(
        _ placements: [ReplicaPlacement], current: [RucioDID: OrderedDictionary<String, RucioReplicaState>],
        in session: RucioAccountSession
    ) async throws(RucioError) -> [Int: String] {
        var byRSE: OrderedDictionary<String, OrderedDictionary<RucioDID, [Int]>> = [:]
        for (index, placement) in placements.enumerated() {
            byRSE[placement.rse, default: [:]][placement.file.did, default: []].append(index)
        }
        var reasons: [Int: String] = [:]
        for (rse, files) in byRSE {
            var failed: [RucioDID: String] = [:]
            let settings: RucioRSE
            do throws(RucioError) {
                settings = try await session.rse(rse)
            } catch where error.isNotFound {
                for indices in files.values { for index in indices { reasons[index] = error.perLFNReason } }
                continue
            }
            var fresh: [RucioNewReplica] = []
            var revive: OrderedDictionary<RucioReplicaState, [RucioDID]> = [:]
            var pin: [RucioDID] = []
            for (did, indices) in files {
                let placement = placements[indices[0]]
                let pinnable = placement.state == .available || placement.state == .temporaryUnavailable
                switch current[did]?[rse] {
                case nil:
                    let pfn = placement.pfn ?? ""
                    if !settings.isDeterministic && pfn.isEmpty {
                        failed[did] = "Rucio needs the PFN of a replica on the non-deterministic SE \(storageElements.se(forRSE: rse))"
                        continue
                    }
                    let file = placement.file
                    fresh.append(RucioNewReplica(
                        did: did, bytes: file.bytes ?? 0, adler32: file.adler32, md5: file.md5,
                        pfn: settings.isDeterministic ? nil : pfn, guid: file.guid,
                        state: placement.state == .available ? nil : placement.state))
                    if pinnable { pin.append(did) }
                case .unavailable?:
                    revive[placement.state, default: []].append(did)
                    if pinnable { pin.append(did) }
                case let state?:
                    if state == .available || state == .temporaryUnavailable { pin.append(did) }
                }
            }
            for (did, error) in try await addReplicasFileByFile(fresh, on: rse, in: session) {
                failed[did] = error.perLFNReason
            }
            for (state, dids) in revive {
                for (did, error) in try await setReplicaStates([rse: dids], to: state, in: session) {
                    failed[did] = error.perLFNReason
                }
            }
            for (did, reason) in try await pinReplicas(pin.filter { failed[$0] == nil }, on: rse, in: session) {
                failed[did] = reason
            }
            for (did, reason) in failed {
                for index in files[did] ?? [] { reasons[index] = reason }
            }
        }
        return reasons
    }

    /// `POST /replicas` for one RSE; when Rucio refuses the batch for what is in it (a 4xx, or the 500s with
    /// which `add_replicas` refuses a PFN: `RSEFileNameNotSupported`, `UnsupportedOperation`), file by file
    /// to find the ones refused. Existing replicas are skipped by Rucio, so the retry is harmless.
    func addReplicasFileByFile(_ replicas: [RucioNewReplica], on rse: String, in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: RucioError]
    {
        guard !replicas.isEmpty else { return [:] }
        if replicas.count > 1 {
            do throws(RucioError) {
                try await session.addReplicas(rse: rse, files: replicas, ignoreAvailability: true)
                return [:]
            } catch where error.isReplicaRefusal {
                // Find the file(s) below.
            }
        }
        var refused: [RucioDID: RucioError] = [:]
        for replica in replicas {
            do throws(RucioError) {
                try await session.addReplicas(rse: rse, files: [replica], ignoreAvailability: true)
            } catch where error.isReplicaRefusal {
                refused[replica.did] = error
            }
        }
        return refused
    }

    /// Makes sure each file has a rule of the session's account on `rse` (1 copy), which locks its replica
    /// there: an unexpired one is enough, an expired one (what `withdrawReplicas` leaves until Rucio's
    /// judge-cleaner deletes it, and which Rucio's unique key on scope, name, account, expression and copies
    /// would not let a new rule replace) gets its expiry cleared, else one is created (`POST /rules/`, ≤1000
    /// DIDs, one rule per DID, grouping NONE, RSE availability ignored: the data is already there). Returns
    /// the reasons of those Rucio refused.
    func pinReplicas(_ dids: [RucioDID], on rse: String, in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: String]
    {
        guard !dids.isEmpty else { return [:] }
        let existing = try await rules(of: dids, in: session)
        let now = CatalogClock.nowSeconds()
        var missing: [RucioDID] = []
        var expired: [(did: RucioDID, rule: RucioRule)] = []
        for did in dids {
            let own = (existing[did] ?? []).filter { $0.rseExpression == rse && $0.account == session.account && $0.copies == 1 }
            if own.isEmpty {
                missing.append(did)
            } else if !own.contains(where: { !$0.hasExpired(now: now) }) {
                expired.append((did, own[0]))
            }
        }
        var refused: [RucioDID: String] = [:]
        let revived = try await concurrentMap(expired) { (item: (did: RucioDID, rule: RucioRule)) async throws(RucioError) -> RucioError? in
            do throws(RucioError) {
                try await session.updateRule(id: item.rule.id, options: ["lifetime": .null])
                return nil
            } catch where error.isItemRefusal {
                return error
            }
        }
        for (item, error) in zip(expired, revived) {
            if let error { refused[item.did] = error.perLFNReason }
        }
        let created = try await bulkOrEach(
            missing,
            bulk: { (items: [RucioDID]) async throws(RucioError) in
                var start = 0
                while start < items.count {
                    let chunk = Array(items[start..<min(start + 1000, items.count)])
                    _ = try await session.addRule(Self.pinningRule(chunk, on: rse, account: session.account))
                    start += chunk.count
                }
            },
            each: { (did: RucioDID) async throws(RucioError) in
                _ = try await session.addRule(Self.pinningRule([did], on: rse, account: session.account))
            },
            tolerate: { $0.isDuplicate })
        for (index, error) in created { refused[missing[index]] = error.perLFNReason }
        return refused
    }

    static func pinningRule(_ dids: [RucioDID], on rse: String, account: String) -> RucioRuleSpec {
        RucioRuleSpec(
            dids: dids, account: account, copies: 1, rseExpression: rse, grouping: "NONE",
            extra: ["ignore_availability": .bool(true)])
    }

    /// The removal side of `removeReplica`/`setReplicaHost` for files on one RSE: expires every rule on the
    /// file whose RSE expression is `rse` (`PUT /rules/{id}` `lifetime` 0; rules already expired are left
    /// as they are, so a retry changes nothing), then marks the replica `UNAVAILABLE` (`PUT /replicas`; not
    /// one already `UNAVAILABLE` or `BEING_DELETED`). A file with a `locked` rule there is refused untouched.
    /// Files without a replica or rule there succeed. Returns the reasons of the files refused.
    func withdrawReplicas(of dids: [RucioDID], from rse: String, in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: String]
    {
        guard !dids.isEmpty else { return [:] }
        let existing = try await rules(of: dids, in: session)
        let now = CatalogClock.nowSeconds()
        var refused: [RucioDID: String] = [:]
        var expiring: [(did: RucioDID, rule: RucioRule)] = []
        for did in dids {
            let pins = (existing[did] ?? []).filter { $0.rseExpression == rse }
            if let locked = pins.first(where: { $0.isLocked == true }) {
                refused[did] = "Replica at \(storageElements.se(forRSE: rse)) is pinned by the locked Rucio rule \(locked.id)"
                continue
            }
            for rule in pins where !rule.hasExpired(now: now) { expiring.append((did, rule)) }
        }
        let expired = try await concurrentMap(expiring) { (item: (did: RucioDID, rule: RucioRule)) async throws(RucioError) -> RucioError? in
            do throws(RucioError) {
                try await session.updateRule(id: item.rule.id, options: ["lifetime": .int(0)])
                return nil
            } catch where error.isNotFound {
                return nil  // deleted meanwhile by Rucio's judge-cleaner
            } catch where error.isItemRefusal {
                return error
            }
        }
        for (item, error) in zip(expiring, expired) {
            if let error, refused[item.did] == nil { refused[item.did] = error.perLFNReason }
        }
        let hide = dids.filter { refused[$0] == nil }
        for (did, error) in try await markReplicasUnavailable(of: hide, onRSE: rse, in: session) {
            refused[did] = error.perLFNReason
        }
        return refused
    }
}

extension RucioRule {
    /// Whether the rule's `expires_at` has passed: Rucio's judge-cleaner deletes it (and its locks) on its
    /// next run; a rule without expiry never expires.
    func hasExpired(now: Int64) -> Bool {
        guard let text = expiresAt, let date = RucioDate.parse(text) else { return false }
        return Int64(date.timeIntervalSince1970) <= now
    }
}

extension RucioError {
    /// Rucio refused a replica registration for what it contains: a 4xx, or the 500s `add_replicas` answers
    /// for a PFN it cannot use (`RSEFileNameNotSupported`: wrong host, port or prefix; `UnsupportedOperation`:
    /// no PFN for a non-deterministic RSE; `InvalidObject`: a schema violation).
    var isReplicaRefusal: Bool {
        if isItemRefusal { return true }
        guard status == 500, let exceptionClass else { return false }
        return ["RSEFileNameNotSupported", "UnsupportedOperation", "RSEProtocolNotSupported", "InvalidObject"]
            .contains(exceptionClass)
    }
}

extension MethodRegistry {
    mutating func registerReplicaWriteMethods(_ catalog: RucioCatalog) {
        register(ReplicaWriteMethods.AddReplica(catalog: catalog))
        register(ReplicaWriteMethods.RemoveReplica(catalog: catalog))
        register(ReplicaWriteMethods.SetReplicaStatus(catalog: catalog))
        register(ReplicaWriteMethods.SetReplicaHost(catalog: catalog))
    }
}
