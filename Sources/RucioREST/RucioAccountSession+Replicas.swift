import CurlHTTP
import GatewayJSON
import OrderedCollections

/// File replicas (Rucio `replicas` views).
extension RucioAccountSession {
    /// `POST /replicas/list`: the replicas of files, or of every file in collections.
    ///
    /// **DIDs that do not exist are silently absent**; a FILE DID without replicas (in the states
    /// asked for) still gets a record with empty maps. Take the RSEs from `states` (see
    /// `RucioReplicaRecord`). A read (retried on transient failures before any record arrived);
    /// Rucio's errors after the first record cut the 200 stream, which surfaces as
    /// `RucioError.transport` with `recordsDelivered > 0`.
    @discardableResult
    public func listReplicas(
        for dids: [RucioDID], query: RucioReplicaQuery, _ body: @escaping @Sendable (RucioReplicaRecord) throws -> Void
    ) async throws(RucioError) -> Int {
        var total = 0
        for (offset, chunk) in chunks(dids) {
            let call = RucioCall(
                method: .post, path: "/replicas/list", body: query.body(dids: chunk), idempotent: true,
                chunkOffset: reportedOffset(offset, total: dids.count))
            total += try await records(call, as: "replica", decode: RucioReplicaRecord.init(json:), body)
        }
        return total
    }

    /// `POST /replicas`: registers replicas on one RSE, creating file DIDs that do not exist.
    ///
    /// Needs root, the `admin` attribute, or an RSE named `…SCRATCHDISK`/`…USERDISK`/`…MOCK`/
    /// `…LOCALGROUPDISK` (401 `AccessDenied` otherwise). **A replica that already exists on the RSE
    /// is skipped silently (201), even with other bytes or checksums**, and an existing file DID's
    /// size is not compared: check first.
    public func addReplicas(rse: String, files: [RucioNewReplica], ignoreAvailability: Bool = false)
        async throws(RucioError)
    {
        for (offset, chunk) in chunks(files) {
            let call = RucioCall(
                method: .post, path: "/replicas",
                body: [
                    "rse": .string(rse), "files": .array(chunk.map(\.json)),
                    "ignore_availability": .bool(ignoreAvailability),
                ],
                idempotent: false, chunkOffset: reportedOffset(offset, total: files.count))
            _ = try await client.perform(call, session: self)
        }
    }

    /// `PUT /replicas`: changes replica states on one RSE (root/admin). Replicas cannot be
    /// deleted through the API (`DELETE /replicas` is refused for everyone under Rucio's generic
    /// permissions); marking them `UNAVAILABLE` is the closest.
    public func updateReplicaStates(rse: String, _ updates: [RucioReplicaStateUpdate]) async throws(RucioError) {
        var files: [JSON] = []
        for update in updates {
            guard let code = update.state.code else {
                throw .invalidArgument("unknown replica state \(update.state.name) for \(update.did)")
            }
            files.append(["scope": .string(update.did.scope), "name": .string(update.did.name), "state": .string(code)])
        }
        for (offset, chunk) in chunks(files) {
            let call = RucioCall(
                method: .put, path: "/replicas", body: ["rse": .string(rse), "files": .array(Array(chunk))],
                idempotent: false, chunkOffset: reportedOffset(offset, total: files.count))
            _ = try await client.perform(call, session: self)
        }
    }
}
