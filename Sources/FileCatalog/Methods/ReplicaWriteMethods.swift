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

extension MethodRegistry {
    mutating func registerReplicaWriteMethods(_ catalog: RucioCatalog) {
        register(ReplicaWriteMethods.AddReplica(catalog: catalog))
        register(ReplicaWriteMethods.RemoveReplica(catalog: catalog))
        register(ReplicaWriteMethods.SetReplicaStatus(catalog: catalog))
        register(ReplicaWriteMethods.SetReplicaHost(catalog: catalog))
    }
}
