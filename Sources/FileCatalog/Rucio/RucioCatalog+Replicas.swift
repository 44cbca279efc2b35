import DIRACWire
import OrderedCollections
import RucioREST

/// One file's replicas as DIRAC names them: DIRAC SE names (`StorageElementMap`) and DFC replica statuses.
public struct FileReplicas: Sendable {
    public var did: RucioDID
    public var bytes: Int64?
    /// SE → DFC replica status (`AprioriGood` for Rucio's `AVAILABLE`), in Rucio's order.
    public var statusBySE: OrderedDictionary<String, String>
    /// SE → the replica's first PFN as Rucio computes it ("" when it has none).
    public var pfnBySE: [String: String]

    /// `{SE: pfn}`, the value `getReplicas` answers for the file.
    public var pfnDictionary: DIRACValue {
        .dict(OrderedDictionary(uniqueKeysWithValues: statusBySE.keys.map { ($0, DIRACValue.string(pfnBySE[$0] ?? "")) }))
    }
}

extension RucioCatalog {
    /// The replicas of files, or of every file inside collections (`POST /replicas/list`, ≤1000 DIDs per
    /// request), streamed one file at a time.
    ///
    /// `allStatus` false is the DFC's default view, only replicas in a visible status (`AprioriGood`): Rucio's
    /// `all_states=false` keeps only `AVAILABLE` replicas on RSEs available for reading. `allStatus` true lists
    /// every state on every RSE. Files Rucio does not know are absent, as with `bulkmeta`.
    @discardableResult
    public func replicas(
        of dids: [RucioDID], allStatus: Bool, in session: RucioAccountSession,
        _ body: @escaping @Sendable (FileReplicas) throws -> Void
    ) async throws(RucioError) -> Int {
        let query = RucioReplicaQuery(allStates: allStatus, ignoreAvailability: allStatus)
        let storageElements = self.storageElements
        return try await session.listReplicas(for: dids, query: query) { record in
            var statusBySE: OrderedDictionary<String, String> = [:]
            var pfnBySE: [String: String] = [:]
            for (rse, state) in record.states {
                let se = storageElements.se(forRSE: rse)
                statusBySE[se] = DFCRecords.replicaStatus(state)
                pfnBySE[se] = record.rses[rse]?.first ?? ""
            }
            try body(FileReplicas(did: record.did, bytes: record.bytes, statusBySE: statusBySE, pfnBySE: pfnBySE))
        }
    }
}
