import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// How the gateway removes what Rucio cannot delete through its API (no DID deletion, `DELETE /replicas`
/// refused for every account): it **detaches** the DID from its parents, marks file replicas **UNAVAILABLE**,
/// and sets the DID's **`lifetime`** so that `expired_at` lies in the past. From then on the catalog methods
/// treat the DID as gone (`DIDFacts.isExpired`, `facts(of:in:)`), and Rucio's daemons finish the work:
///
/// - the **undertaker** deletes expired DIDs (those without a locked rule): their rules (and so their locks),
///   their remaining attachments, their metadata, then the DID rows;
/// - once a replica has no lock left, it gets a tombstone and the **reaper** deletes the physical copy on the
///   storage and the replica row.
///
/// So the data really goes when the undertaker and then the reaper have run (on their own schedules, minutes
/// to hours with the usual settings); until then Rucio keeps the DID, which is why a later registration of the
/// same name revives it instead of creating it (`addFile`, `createDirectory`).
///
/// The steps are ordered so that the DID stays visible to DIRAC until the last one (the lifetime), so a call
/// interrupted half-way is completed by the client's retry. Public so that the replica writes can reuse them.
extension RucioCatalog {
    /// The lifetime (seconds) given to a removed DID: a day in the past, so that `expired_at` is before "now"
    /// on every host even with some clock skew, and Rucio's undertaker may take it at once.
    public static let removalLifetime: Int64 = -86_400

    /// Sets `lifetime` to `removalLifetime` (`POST /dids/bulkdidsmeta`, ≤1000 per request). A DID that is
    /// already gone counts as done. Returns the DIDs Rucio refused.
    @discardableResult
    public func expire(_ dids: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: RucioError]
    {
        try await setLifetime(of: dids, to: .int(Self.removalLifetime), tolerateMissing: true, in: session)
    }

    /// Clears `lifetime` (`expired_at` null): brings back a DID a removal expired, if the undertaker has not
    /// deleted it yet. Returns the DIDs Rucio refused.
    @discardableResult
    public func clearLifetime(_ dids: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: RucioError]
    {
        try await setLifetime(of: dids, to: .null, tolerateMissing: false, in: session)
    }

    func setLifetime(of dids: [RucioDID], to lifetime: JSON, tolerateMissing: Bool, in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: RucioError]
    {
        let refused = try await bulkOrEach(
            dids,
            bulk: { (items: [RucioDID]) async throws(RucioError) in
                try await session.setMetadata(items.map { RucioMetadataUpdate(did: $0, meta: ["lifetime": lifetime]) })
            },
            each: { (did: RucioDID) async throws(RucioError) in
                try await session.setMetadata(of: did, ["lifetime": lifetime])
            },
            tolerate: { tolerateMissing && $0.isDataIdentifierNotFound })
        return Dictionary(refused.map { (dids[$0.key], $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The collections each DID is attached to directly (`GET /dids/{scope}/{name}/parents`, a few at a
    /// time). A DID that does not exist has none.
    public func parents(of dids: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: [RucioDID]]
    {
        let lists = try await concurrentMap(dids) { (did: RucioDID) async throws(RucioError) -> [RucioDID] in
            let collector = RucioRecordCollector<RucioDID>()
            try await session.listParents(of: did) { collector.append($0.did) }
            return collector.records
        }
        return Dictionary(zip(dids, lists), uniquingKeysWith: { first, _ in first })
    }

    /// Detaches children from parents (one `DELETE /dids/{scope}/{name}/dids` per parent). A child no longer
    /// attached counts as done. Returns the children Rucio refused to detach.
    @discardableResult
    public func detach(_ links: [(child: RucioDID, parent: RucioDID)], in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: RucioError]
    {
        var byParent: OrderedDictionary<RucioDID, [RucioDID]> = [:]
        for link in links { byParent[link.parent, default: []].append(link.child) }
        var refused: [RucioDID: RucioError] = [:]
        for (parent, children) in byParent {
            let failed = try await bulkOrEach(
                children,
                bulk: { (items: [RucioDID]) async throws(RucioError) in try await session.detach(items, from: parent) },
                each: { (child: RucioDID) async throws(RucioError) in try await session.detach([child], from: parent) },
                tolerate: { $0.isDataIdentifierNotFound })
            for (index, error) in failed { refused[children[index]] = error }
        }
        return refused
    }

    /// Detaches DIDs from every collection they are attached to. Returns the DIDs Rucio refused to detach.
    @discardableResult
    public func detachFromParents(_ dids: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: RucioError]
    {
        let parents = try await parents(of: dids, in: session)
        var links: [(child: RucioDID, parent: RucioDID)] = []
        for did in dids {
            for parent in parents[did] ?? [] { links.append((did, parent)) }
        }
        return try await detach(links, in: session)
    }

    /// Marks replicas `UNAVAILABLE` (`PUT /replicas`, per RSE; needs an admin account), so that DIRAC's replica
    /// views (`getReplicas` keeps `AVAILABLE` replicas only) stop showing them: every replica of the files, or
    /// only those on `rse`. Replicas already `UNAVAILABLE` or `BEING_DELETED` are left alone. Returns the files
    /// whose replicas Rucio refused to change.
    @discardableResult
    public func markReplicasUnavailable(of files: [RucioDID], onRSE rse: String? = nil, in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: RucioError]
    {
        guard !files.isEmpty else { return [:] }
        let collector = RucioRecordCollector<(RucioDID, String)>()
        try await session.listReplicas(
            for: files, query: RucioReplicaQuery(allStates: true, ignoreAvailability: true, rseExpression: nil)
        ) { record in
            for (replicaRSE, state) in record.states
            where (rse == nil || replicaRSE == rse) && state != .unavailable && state != .beingDeleted {
                collector.append((record.did, replicaRSE))
            }
        }
        var byRSE: OrderedDictionary<String, [RucioDID]> = [:]
        for (did, replicaRSE) in collector.records { byRSE[replicaRSE, default: []].append(did) }
        return try await setReplicaStates(byRSE, to: .unavailable, in: session)
    }

    /// Sets the state of the given replicas (RSE → files), per RSE in bulk, else file by file to find the ones
    /// Rucio refuses. Returns those.
    @discardableResult
    public func setReplicaStates(
        _ byRSE: OrderedDictionary<String, [RucioDID]>, to state: RucioReplicaState, in session: RucioAccountSession
    ) async throws(RucioError) -> [RucioDID: RucioError] {
        var refused: [RucioDID: RucioError] = [:]
        for (rse, dids) in byRSE {
            let failed = try await bulkOrEach(
                dids,
                bulk: { (items: [RucioDID]) async throws(RucioError) in
                    try await session.updateReplicaStates(rse: rse, items.map { RucioReplicaStateUpdate(did: $0, state: state) })
                },
                each: { (did: RucioDID) async throws(RucioError) in
                    try await session.updateReplicaStates(rse: rse, [RucioReplicaStateUpdate(did: did, state: state)])
                })
            for (index, error) in failed { refused[dids[index]] = error }
        }
        return refused
    }

    /// `removeFile` for files that exist: detach each from its parents, mark its replicas `UNAVAILABLE`, then
    /// expire it (last, so that an interrupted removal is still visible and a retry completes it). Returns the
    /// files Rucio refused (the others are removed for DIRAC).
    public func removeFiles(_ files: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: RucioError]
    {
        var refused = try await detachFromParents(files, in: session)
        for (did, error) in try await markReplicasUnavailable(of: files.filter { refused[$0] == nil }, in: session) {
            refused[did] = error
        }
        for (did, error) in try await expire(files.filter { refused[$0] == nil }, in: session) {
            refused[did] = error
        }
        return refused
    }

    /// `removeDirectory` for empty collections: detach each from its parents, detach and expire its hidden
    /// files dataset when it has one, then expire the collection itself (last). Returns those Rucio refused.
    public func removeCollections(_ collections: [RucioDID], hiddenDatasets: [RucioDID: RucioDID], in session: RucioAccountSession)
        async throws(RucioError) -> [RucioDID: RucioError]
    {
        var refused = try await detachFromParents(collections, in: session)
        let hidden = collections.compactMap { collection in hiddenDatasets[collection].map { (child: $0, parent: collection) } }
        for (child, error) in try await detach(hidden.filter { refused[$0.parent] == nil }, in: session) {
            if let owner = hidden.first(where: { $0.child == child })?.parent { refused[owner] = error }
        }
        let hiddenToExpire = hidden.filter { refused[$0.parent] == nil }
        for (child, error) in try await expire(hiddenToExpire.map(\.child), in: session) {
            if let owner = hidden.first(where: { $0.child == child })?.parent { refused[owner] = error }
        }
        for (did, error) in try await expire(collections.filter { refused[$0] == nil }, in: session) {
            refused[did] = error
        }
        return refused
    }
}
