import RucioREST

/// DFC replica status → Rucio replica state, the reverse of `DFCRecords.replicaStatus(_:)`, for
/// `setReplicaStatus`.
extension DFCRecords {
    /// The statuses `setReplicaStatus` accepts: the DFC's default `ValidReplicaStatus`
    /// (`FileCatalogHandler` 9.1.22), in its order. `Problematic` and `Copying`, which `getReplicaStatus` can
    /// answer for Rucio's `BAD` and `COPYING`, are not settable, as in the DFC.
    public static let validReplicaStatuses: [String] = ["AprioriGood", "Trash", "Removing", "Probing"]

    /// The Rucio state a valid DFC status is stored as; nil for any other status. `PUT /replicas` accepts
    /// every one of them for an existing replica from any state (probed on Rucio 41: A, U, T, B, C, D in any
    /// order). Rucio attaches effects to some: `UNAVAILABLE` marks the replica's rule locks `STUCK` (Rucio's
    /// judge-repairer then tries to restore a copy where a rule wants one), `BEING_DELETED` gives the replica
    /// an `OBSOLETE` tombstone (the reaper deletes it once no rule locks it), `AVAILABLE` marks its locks `OK`.
    public static func rucioReplicaState(forStatus status: String) -> RucioReplicaState? {
        switch status {
        case "AprioriGood": .available
        case "Trash": .unavailable
        case "Removing": .beingDeleted
        case "Probing": .temporaryUnavailable
        default: nil
        }
    }
}
