import CurlHTTP
import GatewayJSON
import OrderedCollections

/// Storage elements (Rucio `rses` views).
extension RucioAccountSession {
    /// `GET /rses/{rse}`: the RSE's settings: deterministic or not, lfn2pfn algorithm, protocols.
    /// 404 `RSENotFound`. Stable enough to cache.
    public func rse(_ name: String) async throws(RucioError) -> RucioRSE {
        let call = RucioCall(method: .get, path: "/rses/" + RucioPath.segment(name), idempotent: true)
        let document = try await client.collectJSON(call, session: self)
        guard let rse = RucioRSE(json: document) else {
            throw .invalidResponse(RucioInvalidResponse(method: "GET", path: call.path, status: 200, reason: "not an RSE"))
        }
        return rse
    }

    /// `GET /rses/?expression=…`: the RSEs matching an RSE expression (`ANY=true`,
    /// `STORAGE-1|STORAGE-2`, an RSE name…), or every RSE with its row when nil. 400
    /// `InvalidRSEExpression` for a malformed expression.
    @discardableResult
    public func listRSEs(
        expression: String? = nil, _ body: @escaping @Sendable (RucioRSESummary) throws -> Void
    ) async throws(RucioError) -> Int {
        let query = expression.map { RucioPath.query([("expression", $0)]) } ?? ""
        let call = RucioCall(method: .get, path: "/rses/" + query, idempotent: true)
        return try await records(call, as: "RSE", decode: RucioRSESummary.init(json:), body)
    }

    /// `GET /rses/{rse}/attr/`: the RSE's attributes; values stored as `true`/`false` come back
    /// as booleans.
    public func rseAttributes(_ name: String) async throws(RucioError) -> OrderedDictionary<String, JSON> {
        let call = RucioCall(method: .get, path: "/rses/" + RucioPath.segment(name) + "/attr/", idempotent: true)
        let document = try await client.collectJSON(call, session: self)
        guard case .object(let members) = document else {
            throw .invalidResponse(RucioInvalidResponse(
                method: "GET", path: call.path, status: 200, reason: "attributes are not an object"))
        }
        return members
    }
}
