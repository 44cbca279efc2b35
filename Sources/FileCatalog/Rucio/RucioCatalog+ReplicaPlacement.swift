import DIRACWire
import FoundationEssentials
import GatewayJSON
import OrderedCollections
import RucioREST

/// How the replica writes place and withdraw replicas in Rucio (the plans behind `addReplica`, `removeReplica`,
/// `setReplicaStatus`, `setReplicaHost`; see `ReplicaWriteMethods` for the semantics and when data really goes).
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
