import CurlHTTP
import RucioREST
import Synchronization

/// A transport wrapper that logs what the client sent: how many authentications, which token
/// went with which account, how often a call was attempted.
final class RequestLog: RucioTransport {
    struct Entry: Sendable {
        var method: String
        var path: String
        var account: String?
        var token: String?
        var status: Int?
    }

    private let wrapped: any RucioTransport
    private let entries = Mutex<[Entry]>([])

    init(wrapping transport: any RucioTransport) {
        wrapped = transport
    }

    var all: [Entry] { entries.withLock { $0 } }
    var authentications: [Entry] { all.filter { $0.path.hasPrefix("/auth/") } }
    func requests(to path: String) -> [Entry] { all.filter { $0.path == path } }

    func execute(_ request: RucioHTTPRequest, onBody: @escaping RucioBodyHandler) async throws(HTTPClientError)
        -> HTTPResponseHead
    {
        var entry = Entry(
            method: request.method.rawValue, path: request.path, account: request.headers[first: "X-Rucio-Account"],
            token: request.headers[first: "X-Rucio-Auth-Token"])
        do {
            let head = try await wrapped.execute(request, onBody: onBody)
            entry.status = head.status
            let done = entry
            entries.withLock { $0.append(done) }
            return head
        } catch {
            let done = entry
            entries.withLock { $0.append(done) }
            throw error
        }
    }
}
