import CurlHTTP
import GatewayJSON
import Synchronization
import OrderedCollections

/// Rucio calls made for one account, through the client's connections and token cache.
///
/// Obtain one with `RucioClient.account(_:)`. A value type holding a reference to the client:
/// cheap to create and to pass around, e.g. one per gateway request for the account the caller
/// is mapped to.
///
/// ## Listings
/// NDJSON listings are **streamed**: each record is decoded and handed to the `body` callback as
/// soon as its line has arrived, and none is kept afterwards, so a listing of any length costs the
/// memory of one record (plus one partial line). The callback runs on a transfer thread, one call
/// at a time, while the calling task is suspended; it must be `@Sendable` — collect into a
/// `RucioRecordCollector` or your own `Mutex`. Throwing from it stops the transfer
/// (`RucioError.consumer`). The methods return the number of records delivered.
///
/// A listing that breaks after some records fails with `RucioError.transport`
/// (`recordsDelivered > 0`): a short listing is never reported as complete. Callers that already
/// consumed records must discard them or start over.
///
/// ## Bulk inputs
/// Inputs longer than `RucioConfiguration.maximumBulkItems` (1000, Rucio's schema limit) are sent
/// in consecutive requests. For listings this is invisible. For writes each chunk is its own
/// transaction: on a failure, earlier chunks stay applied and the error's `chunkOffset` says where
/// the failed chunk started.
public struct RucioAccountSession: Sendable {
    public let client: RucioClient
    public let account: String
    public let credentials: RucioCredentials

    init(client: RucioClient, account: String, credentials: RucioCredentials) {
        self.client = client
        self.account = account
        self.credentials = credentials
    }

    /// `GET /accounts/whoami`: the account the token belongs to. Rucio answers with a 303 to
    /// `/accounts/{account}`, which is followed here.
    public func whoami() async throws(RucioError) -> RucioAccountInfo {
        var call = RucioCall(method: .get, path: "/accounts/whoami", idempotent: true)
        call.successStatuses = 200..<400
        let (head, sink) = try await client.run(call, session: self, mode: .collect(limit: 1 << 20))
        var document: JSON?
        if (300..<400).contains(head.status) {
            guard let location = head.headers[first: "Location"],
                let name = location.split(separator: "/").last.map(String.init), !name.isEmpty
            else {
                throw .invalidResponse(RucioInvalidResponse(
                    method: "GET", path: call.path, status: head.status, reason: "redirect without Location"))
            }
            let follow = RucioCall(method: .get, path: "/accounts/" + RucioPath.segment(name), idempotent: true)
            document = try await client.collectJSON(follow, session: self)
        } else {
            document = try? JSON(parsing: sink.body)
        }
        guard let document, let info = RucioAccountInfo(json: document) else {
            throw .invalidResponse(RucioInvalidResponse(
                method: "GET", path: call.path, status: head.status, reason: "no account in the answer"))
        }
        return info
    }

    /// `GET /scopes/`: every scope name of the token's VO.
    public func listScopes() async throws(RucioError) -> [String] {
        let call = RucioCall(method: .get, path: "/scopes/", idempotent: true)
        let document = try await client.collectJSON(call, session: self)
        guard let names = document.arrayValue?.compactMap(\.string) else {
            throw .invalidResponse(RucioInvalidResponse(
                method: "GET", path: call.path, status: 200, reason: "not a list of scope names"))
        }
        return names
    }
}

// MARK: Shared machinery of the endpoint files

extension RucioAccountSession {
    /// Streams `call`'s NDJSON answer, decoding each record with `decode`.
    func records<Record>(
        _ call: RucioCall, as what: String, decode: @escaping @Sendable (JSON) -> Record?,
        _ body: @escaping @Sendable (Record) throws -> Void
    ) async throws(RucioError) -> Int {
        let method = call.method.rawValue
        let path = call.path
        return try await client.streamRecords(call, session: self) { json in
            guard let record = decode(json) else {
                throw RucioError.invalidResponse(RucioInvalidResponse(
                    method: method, path: path, status: 200,
                    reason: "not a \(what) record: \(json.serializedString().prefix(300))"))
            }
            do {
                try body(record)
            } catch {
                throw RucioError.consumer(error)
            }
        }
    }

    /// `items` in slices of `size` (default: the configured bulk size), each with its offset.
    func chunks<Item>(_ items: [Item], size: Int? = nil) -> [(offset: Int, items: ArraySlice<Item>)] {
        let size = size ?? client.configuration.bulkChunkSize
        return stride(from: 0, to: items.count, by: size).map { start in
            (start, items[start..<min(start + size, items.count)])
        }
    }

    /// The offset to report for a chunk: only when the input was split at all.
    func reportedOffset(_ offset: Int, total: Int, size: Int? = nil) -> Int? {
        total > (size ?? client.configuration.bulkChunkSize) ? offset : nil
    }

    /// `/dids/{scope}/{name}` + `suffix`.
    static func didPath(_ did: RucioDID, _ suffix: String = "") -> String {
        "/dids/" + RucioPath.did(did) + suffix
    }
}

/// Gathers the records of a listing callback, for listings known to be small (RSEs, a
/// directory's content) — the point of streaming is lost for large ones.
public final class RucioRecordCollector<Record: Sendable>: Sendable {
    private let storage = Mutex<[Record]>([])

    public init() {}

    /// Pass this, or call it from your own callback.
    public func append(_ record: Record) {
        storage.withLock { $0.append(record) }
    }

    public var records: [Record] { storage.withLock { $0 } }
}
