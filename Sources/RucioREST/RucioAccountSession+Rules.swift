import CurlHTTP
import GatewayJSON
import OrderedCollections

/// Replication rules (Rucio `rules` views). Without Rucio's daemons (judge, reaper) rules are
/// recorded but nothing acts on them: expiry and deletion take effect asynchronously at best.
extension RucioAccountSession {
    /// `POST /rules/`: creates a rule; returns the ids Rucio created. At most 1000 DIDs (one rule
    /// cannot be split without changing its meaning under `DATASET`/`ALL` grouping).
    public func addRule(_ spec: RucioRuleSpec) async throws(RucioError) -> [String] {
        guard !spec.dids.isEmpty, spec.dids.count <= 1000 else {
            throw .invalidArgument("a rule needs 1 to 1000 DIDs, not \(spec.dids.count)")
        }
        let call = RucioCall(method: .post, path: "/rules/", body: spec.json, idempotent: false)
        let document = try await client.collectJSON(call, session: self)
        guard let ids = document.arrayValue?.compactMap(\.string) else {
            throw .invalidResponse(RucioInvalidResponse(
                method: "POST", path: call.path, status: 201, reason: "not a list of rule ids"))
        }
        return ids
    }

    /// `GET /rules/{id}`.
    public func rule(id: String) async throws(RucioError) -> RucioRule {
        let call = RucioCall(method: .get, path: "/rules/" + RucioPath.segment(id), idempotent: true)
        let document = try await client.collectJSON(call, session: self)
        guard let rule = RucioRule(json: document) else {
            throw .invalidResponse(RucioInvalidResponse(method: "GET", path: call.path, status: 200, reason: "not a rule"))
        }
        return rule
    }

    /// `GET /dids/{scope}/{name}/rules`: the rules on one DID (not those on its parents).
    @discardableResult
    public func listRules(
        for did: RucioDID, _ body: @escaping @Sendable (RucioRule) throws -> Void
    ) async throws(RucioError) -> Int {
        let call = RucioCall(method: .get, path: Self.didPath(did, "/rules"), idempotent: true)
        return try await records(call, as: "rule", decode: RucioRule.init(json:), body)
    }

    /// `PUT /rules/{id}` with `{"options": …}` (root/admin): e.g. `["lifetime": 3600]` to let a
    /// rule expire (a negative lifetime expires it at once — DIRAC's plugin uses -86400).
    public func updateRule(id: String, options: OrderedDictionary<String, JSON>) async throws(RucioError) {
        let call = RucioCall(
            method: .put, path: "/rules/" + RucioPath.segment(id), body: ["options": .object(options)], idempotent: false)
        _ = try await client.perform(call, session: self)
    }

    /// `DELETE /rules/{id}` (root/admin). **A soft deletion**: Rucio's REST layer sets the rule to
    /// expire within the hour (`expires_at` = min(now + 1 h, current)) and its judge-cleaner
    /// daemon removes it later; until then `rule(id:)` still finds it. Rucio requires a JSON body
    /// here; `purgeReplicas` nil leaves the rule's own setting.
    public func deleteRule(id: String, purgeReplicas: Bool? = nil) async throws(RucioError) {
        let body: JSON = purgeReplicas.map { ["purge_replicas": .bool($0)] } ?? .object([:])
        let call = RucioCall(method: .delete, path: "/rules/" + RucioPath.segment(id), body: body, idempotent: false)
        _ = try await client.perform(call, session: self)
    }
}
