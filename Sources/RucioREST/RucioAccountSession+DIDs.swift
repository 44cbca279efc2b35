import CurlHTTP
import GatewayJSON
import OrderedCollections

/// The namespace: DIDs, their content, attachments (Rucio `dids` views).
extension RucioAccountSession {
    /// `GET /dids/{scope}/{name}`: one DID. 404 `DataIdentifierNotFound` (or `ScopeNotFound`) when
    /// it does not exist.
    ///
    /// - Parameter dynamicDepth: `.file` or `.dataset` to have a collection's `bytes`/`length`
    ///   computed now; otherwise a dataset's stay null until it is closed.
    public func did(_ did: RucioDID, dynamicDepth: RucioDIDType? = nil) async throws(RucioError) -> RucioDIDInfo {
        let query = dynamicDepth.map { RucioPath.query([("dynamic_depth", $0.rawValue)]) } ?? ""
        let call = RucioCall(method: .get, path: Self.didPath(did) + query, idempotent: true)
        let document = try await client.collectJSON(call, session: self)
        guard let info = RucioDIDInfo(json: document) else {
            throw .invalidResponse(RucioInvalidResponse(
                method: "GET", path: call.path, status: 200, reason: "not a DID: \(document.serializedString())"))
        }
        return info
    }

    /// `GET /dids/{scope}/{name}/dids`: the direct children of a collection, with their type
    /// (children may be in other scopes). 404 when the collection does not exist.
    @discardableResult
    public func listContent(
        of collection: RucioDID, _ body: @escaping @Sendable (RucioContentEntry) throws -> Void
    ) async throws(RucioError) -> Int {
        let call = RucioCall(method: .get, path: Self.didPath(collection, "/dids"), idempotent: true)
        return try await records(call, as: "content", decode: RucioContentEntry.init(json:), body)
    }

    /// `GET /dids/{scope}/{name}/files`: every file below a DID, collections expanded
    /// recursively (a file lists itself). 404 when the DID does not exist.
    @discardableResult
    public func listFiles(
        of did: RucioDID, _ body: @escaping @Sendable (RucioFileEntry) throws -> Void
    ) async throws(RucioError) -> Int {
        let call = RucioCall(method: .get, path: Self.didPath(did, "/files"), idempotent: true)
        return try await records(call, as: "file", decode: RucioFileEntry.init(json:), body)
    }

    /// `GET /dids/{scope}/{name}/parents`: the collections a DID is attached to directly.
    /// **A DID that does not exist has no parents: 200 and no record**, not 404.
    @discardableResult
    public func listParents(
        of did: RucioDID, _ body: @escaping @Sendable (RucioContentEntry) throws -> Void
    ) async throws(RucioError) -> Int {
        let call = RucioCall(method: .get, path: Self.didPath(did, "/parents"), idempotent: true)
        return try await records(call, as: "parent", decode: RucioContentEntry.init(json:), body)
    }

    /// `GET /dids/{guid}/guid`: the **datasets** holding the file with this GUID (Rucio's
    /// `get_dataset_by_guid`, despite the route's look it never answers the file itself). Send the GUID
    /// as Rucio stores it, 32 lower-case hex digits. 404 `DataIdentifierNotFound` when no file has it;
    /// a file in no dataset is not found either.
    @discardableResult
    public func datasets(containingGUID guid: String, _ body: @escaping @Sendable (RucioDID) throws -> Void)
        async throws(RucioError) -> Int
    {
        let call = RucioCall(method: .get, path: "/dids/" + RucioPath.segment(guid) + "/guid", idempotent: true)
        return try await records(call, as: "dataset", decode: RucioDID.init(record:), body)
    }

    /// `POST /dids/bulkfiles`: the files of many DIDs, each with the requested DID it was found
    /// through (`parent`). DIDs that do not exist are silently skipped.
    @discardableResult
    public func bulkFiles(
        of dids: [RucioDID], _ body: @escaping @Sendable (RucioFileEntry) throws -> Void
    ) async throws(RucioError) -> Int {
        var total = 0
        for (offset, chunk) in chunks(dids) {
            let call = RucioCall(
                method: .post, path: "/dids/bulkfiles", body: ["dids": .array(chunk.map(\.json))], idempotent: true,
                chunkOffset: reportedOffset(offset, total: dids.count))
            total += try await records(call, as: "file", decode: RucioFileEntry.init(json:), body)
        }
        return total
    }

    /// `POST /dids`: creates datasets and containers, in chunks of at most 1000.
    ///
    /// All or nothing per chunk: **one existing DID fails the whole chunk** with 409
    /// `DataIdentifierAlreadyExists` — check first (`bulkMetadata`). This endpoint does not
    /// validate names against the server's schema; invalid names get in and break later reads.
    public func addCollections(_ collections: [RucioNewCollection]) async throws(RucioError) {
        for (offset, chunk) in chunks(collections) {
            let call = RucioCall(
                method: .post, path: "/dids", body: .array(chunk.map { $0.json(includingDID: true) }), idempotent: false,
                chunkOffset: reportedOffset(offset, total: collections.count))
            _ = try await client.perform(call, session: self)
        }
    }

    /// `POST /dids/{scope}/{name}`: creates one dataset or container, with the name checked
    /// against the server's schema (400 `InvalidObject`; a name breaking CTAO's schema is even a
    /// 500 `InvalidObject`). 409 `DataIdentifierAlreadyExists` if it exists.
    public func addCollection(_ collection: RucioNewCollection) async throws(RucioError) {
        let call = RucioCall(
            method: .post, path: Self.didPath(collection.did), body: collection.json(includingDID: false),
            idempotent: false)
        _ = try await client.perform(call, session: self)
    }

    /// `POST /dids/attachments`: attaches children to parents.
    ///
    /// Requests hold at most `maximumBulkItems` children in total (a parent with more is split
    /// over several requests). With `ignoreDuplicate`, children already attached are skipped
    /// instead of failing the request with 409 (`DuplicateContent`/`FileAlreadyExists`). Other
    /// refusals: 404 (a parent or child missing), 409 `UnsupportedOperation` (closed parent, file
    /// into a container, collection into a dataset), 412 `FileConsistencyMismatch`.
    public func attach(_ attachments: [RucioAttachment], ignoreDuplicate: Bool) async throws(RucioError) {
        let limit = client.configuration.bulkChunkSize
        var batch: [JSON] = []
        var batchSize = 0
        var batchOffset = 0
        var position = 0
        let total = attachments.reduce(0) { $0 + $1.childCount }
        func send(_ batch: [JSON], offset: Int) async throws(RucioError) {
            let call = RucioCall(
                method: .post, path: "/dids/attachments",
                body: ["attachments": .array(batch), "ignore_duplicate": .bool(ignoreDuplicate)], idempotent: false,
                chunkOffset: total > limit ? offset : nil)
            _ = try await client.perform(call, session: self)
        }
        for attachment in attachments {
            var start = 0
            while start < attachment.children.count {
                let take = min(limit - batchSize, attachment.children.count - start)
                batch.append(attachment.json(children: attachment.children[start..<(start + take)]))
                batchSize += take
                start += take
                position += take
                if batchSize == limit {
                    try await send(batch, offset: batchOffset)
                    batch = []
                    batchSize = 0
                    batchOffset = position
                }
            }
        }
        if !batch.isEmpty { try await send(batch, offset: batchOffset) }
    }

    /// `DELETE /dids/{scope}/{name}/dids`: detaches children from a collection (the children
    /// themselves stay; Rucio has no DID deletion).
    public func detach(_ children: [RucioDID], from parent: RucioDID) async throws(RucioError) {
        for (offset, chunk) in chunks(children) {
            let call = RucioCall(
                method: .delete, path: Self.didPath(parent, "/dids"), body: ["dids": .array(chunk.map(\.json))],
                idempotent: false, chunkOffset: reportedOffset(offset, total: children.count))
            _ = try await client.perform(call, session: self)
        }
    }

    /// `PUT /dids/{scope}/{name}/status`: opens or closes a collection. Closing computes a
    /// dataset's `bytes`/`length`; re-opening needs root or admin; closing a closed collection or
    /// a file is 409.
    public func setStatus(of collection: RucioDID, open: Bool) async throws(RucioError) {
        let call = RucioCall(
            method: .put, path: Self.didPath(collection, "/status"), body: ["open": .bool(open)], idempotent: false)
        _ = try await client.perform(call, session: self)
    }
}
