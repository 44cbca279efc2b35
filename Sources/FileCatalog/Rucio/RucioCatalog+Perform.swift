import DIRACAuth
import DIRACWire
import Logging
import RucioREST

extension RucioCatalog {
    /// Runs a call's plan of Rucio requests in the caller's account. A Rucio failure of the plan as a whole
    /// (unreachable, 5xx, a listing cut mid-way) ends the call with an `S_ERROR`, so a partial `Successful`
    /// is never sent; per-LFN refusals are the plan's to put into `Failed`.
    public func perform(
        _ method: String, for caller: Caller,
        _ plan: (RucioAccountSession) async throws(RucioError) -> DIRACResult
    ) async -> DIRACResult {
        let session: RucioAccountSession
        do throws(DIRACError) {
            session = try self.session(for: caller)
        } catch {
            return .error(error)
        }
        do throws(RucioError) {
            return try await plan(session)
        } catch {
            logger.warning("\(method) failed in Rucio", metadata: ["account": "\(session.account)", "error": "\(error)"])
            return .error(error.diracError)
        }
    }

    /// `perform` for the usual bulk shape: LFNs the naming rejects go to `Failed` without reaching Rucio.
    public func performBulk(
        _ method: String, _ paths: LFNArgument, for caller: Caller,
        _ plan: (ResolvedPaths, RucioAccountSession, inout BulkResult) async throws(RucioError) -> Void
    ) async -> DIRACResult {
        let resolved = naming.resolve(paths)
        return await perform(method, for: caller) { session throws(RucioError) in
            var result = BulkResult()
            resolved.failRejected(in: &result)
            if !resolved.valid.isEmpty {
                try await plan(resolved, session, &result)
            }
            return result.result
        }
    }
}
