import CurlHTTP
import GatewayJSON
import OrderedCollections

/// DID metadata (Rucio's metadata plugins: DID_COLUMN for the `dids` columns, JSON for free keys).
extension RucioAccountSession {
    /// `POST /dids/bulkmeta`: the metadata of many DIDs, one record per **existing** DID.
    ///
    /// **DIDs that do not exist are silently absent**, so "not found" is the difference between
    /// the DIDs asked for and the DIDs of the records. With `.didColumn` each record is the full
    /// `dids` row (type, size, checksums, guid, owner, dates). With `inherit`, keys of the parent
    /// collections are merged in (the DID's own win, up to 20 levels). A read: retried on
    /// transient failures. Names breaking the server's NAME schema make the whole request fail
    /// (400/500 `InvalidObject`), so validate names before asking.
    @discardableResult
    public func bulkMetadata(
        for dids: [RucioDID], plugin: RucioMetadataPlugin = .didColumn, inherit: Bool = false,
        _ body: @escaping @Sendable (RucioMetadataRecord) throws -> Void
    ) async throws(RucioError) -> Int {
        var total = 0
        for (offset, chunk) in chunks(dids) {
            let call = RucioCall(
                method: .post, path: "/dids/bulkmeta",
                body: ["dids": .array(chunk.map(\.json)), "inherit": .bool(inherit), "plugin": .string(plugin.rawValue)],
                idempotent: true, chunkOffset: reportedOffset(offset, total: dids.count))
            total += try await records(call, as: "metadata", decode: RucioMetadataRecord.init(json:), body)
        }
        return total
    }

    /// `GET /dids/{scope}/{name}/meta?plugin=…`: one DID's metadata.
    ///
    /// With `.json`, a DID that does not exist answers 200 `{}` (no error); DID_COLUMN and ALL
    /// answer 404 for it.
    public func metadata(of did: RucioDID, plugin: RucioMetadataPlugin = .didColumn) async throws(RucioError)
        -> OrderedDictionary<String, JSON>
    {
        let call = RucioCall(
            method: .get, path: Self.didPath(did, "/meta") + RucioPath.query([("plugin", plugin.rawValue)]),
            idempotent: true)
        let document = try await client.collectJSON(call, session: self)
        guard case .object(let members) = document else {
            throw .invalidResponse(RucioInvalidResponse(
                method: "GET", path: call.path, status: 200, reason: "metadata is not an object"))
        }
        return members
    }

    /// `POST /dids/{scope}/{name}/meta`: sets keys on one DID (merged into what is there).
    ///
    /// Keys that are `dids` columns (`guid`, `events`, `version`, `project`, `campaign`,
    /// `run_number`, `lifetime`…) go to those typed columns, others to the JSON document. A key
    /// with `.` is refused (400 `InvalidMetadata`); Rucio's reserved keys (`bytes`, `adler32`,
    /// `name`, …) are refused with an **unmapped 500** here.
    public func setMetadata(of did: RucioDID, _ meta: OrderedDictionary<String, JSON>, recursive: Bool = false)
        async throws(RucioError)
    {
        let call = RucioCall(
            method: .post, path: Self.didPath(did, "/meta"),
            body: ["meta": .object(meta), "recursive": .bool(recursive)], idempotent: false)
        _ = try await client.perform(call, session: self)
    }

    /// `POST /dids/bulkdidsmeta`: sets keys on many DIDs, one transaction per chunk of 1000.
    /// 404 when a DID does not exist, 401 `AccessDenied` for reserved keys.
    public func setMetadata(_ updates: [RucioMetadataUpdate]) async throws(RucioError) {
        for (offset, chunk) in chunks(updates) {
            let call = RucioCall(
                method: .post, path: "/dids/bulkdidsmeta", body: ["dids": .array(chunk.map(\.json))], idempotent: false,
                chunkOffset: reportedOffset(offset, total: updates.count))
            _ = try await client.perform(call, session: self)
        }
    }

    /// `DELETE /dids/{scope}/{name}/meta?key=K`: removes one key. 404 `KeyNotFound` when the DID
    /// lacks it (or does not exist); 409 for DID_COLUMN keys, which cannot be removed.
    public func deleteMetadata(of did: RucioDID, key: String) async throws(RucioError) {
        let call = RucioCall(
            method: .delete, path: Self.didPath(did, "/meta") + RucioPath.query([("key", key)]), idempotent: false)
        _ = try await client.perform(call, session: self)
    }

    /// `GET /dids/{scope}/dids/search`: DIDs of **one scope** matching metadata filters.
    ///
    /// - Parameters:
    ///   - filters: OR of AND-groups, Rucio's `filters` parameter, sent as a Python literal
    ///     (`PythonLiteral`): `[["particle": "gamma", "thetaP.gte": 20]]`. Keys are `key` or
    ///     `key.op` with op `gt`, `gte`, `lt`, `lte`, `ne`; `*` in a value is a wildcard. An empty
    ///     list sends no filter.
    ///   - type: which DIDs; with JSON-plugin keys Rucio ignores it and returns every type.
    ///   - long: records with type and sizes instead of names only.
    ///
    /// Pitfalls (Rucio's FilterEngine): every string value has `true`/`false` replaced by
    /// `True`/`False` *as substrings* before matching; a comparison on a key that holds strings
    /// for some DIDs fails with 500 `InvalidMetadata`; JSON keys and `dids`-column keys cannot be
    /// mixed in one query (500 `InvalidMetadata`).
    @discardableResult
    public func searchDIDs(
        scope: String, filters: [OrderedDictionary<String, JSON>], type: RucioDIDSearchType = .all,
        limit: Int? = nil, long: Bool = false, recursive: Bool = false,
        _ body: @escaping @Sendable (RucioSearchResult) throws -> Void
    ) async throws(RucioError) -> Int {
        var items: [(String, String)] = [("type", type.rawValue)]
        if !filters.isEmpty {
            let literal: String
            do {
                literal = try PythonLiteral.encode(.array(filters.map(JSON.object)))
            } catch {
                throw .invalidArgument("search filters: \(error)")
            }
            items.append(("filters", literal))
        }
        if let limit { items.append(("limit", String(limit))) }
        items.append(("long", long ? "true" : "false"))
        items.append(("recursive", recursive ? "true" : "false"))
        let call = RucioCall(
            method: .get, path: "/dids/" + RucioPath.segment(scope) + "/dids/search" + RucioPath.query(items),
            idempotent: true)
        return try await records(call, as: "search", decode: { RucioSearchResult(json: $0, scope: scope) }, body)
    }
}
