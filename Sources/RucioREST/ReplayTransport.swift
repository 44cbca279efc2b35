#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
import GatewayJSON
import OrderedCollections
import Synchronization

/// Serves recorded exchanges (`RucioFixture`) instead of a server, for unit tests of code built
/// on `RucioClient` — the client's whole logic (authentication, retries, error mapping,
/// streaming) runs as it would against Rucio.
///
/// A request is answered by the first unused exchange with the same method, path, body (JSON
/// compared structurally, key order ignored) and, when the exchange recorded one, the same
/// `X-Rucio-Account`. Each exchange answers once; identical requests take identical exchanges in
/// recorded order. With `.inOrder`, requests must come exactly in recorded order.
///
/// A request without a matching exchange **fails** with `HTTPClientError.invalidRequest`
/// ("ReplayTransport: no recorded exchange for …"), which the client surfaces as
/// `RucioError.transport`. Exception, unless turned off: requests to `/auth/*` with no recorded
/// answer get a synthesized token valid for an hour, so hand-written fixtures need not contain
/// authentication.
///
/// Bodies are delivered in chunks of `chunkSize` bytes, so a small size exercises the streaming
/// code's line reassembly; a recorded `failure` is thrown after the recorded part of the body.
public final class ReplayTransport: RucioTransport {
    public enum Order: Sendable {
        case byRequest
        case inOrder
    }

    private struct State {
        var used: [Bool]
        var served = 0
        var synthesizedTokens = 0
    }

    public let fixture: RucioFixture
    private let order: Order
    private let synthesizeAuthentication: Bool
    private let chunkSize: Int
    private let state: Mutex<State>
    private let normalizedBodies: [String?]

    public init(
        fixture: RucioFixture, order: Order = .byRequest, synthesizeAuthentication: Bool = true, chunkSize: Int = 4096
    ) {
        self.fixture = fixture
        self.order = order
        self.synthesizeAuthentication = synthesizeAuthentication
        self.chunkSize = max(1, chunkSize)
        state = Mutex(State(used: Array(repeating: false, count: fixture.exchanges.count)))
        normalizedBodies = fixture.exchanges.map { Self.normalized($0.requestBody) }
    }

    public convenience init(
        contentsOfFile path: String, order: Order = .byRequest, synthesizeAuthentication: Bool = true,
        chunkSize: Int = 4096
    ) throws {
        self.init(
            fixture: try RucioFixture(contentsOfFile: path), order: order,
            synthesizeAuthentication: synthesizeAuthentication, chunkSize: chunkSize)
    }

    /// The fixture's parameters (e.g. the unique names the recording used).
    public var parameters: OrderedDictionary<String, JSON> { fixture.parameters }

    /// Exchanges no request has used yet — a test can require this to be empty.
    public var unusedExchanges: [RucioExchange] {
        state.withLock { state in
            zip(fixture.exchanges, state.used).filter { !$0.1 }.map(\.0)
        }
    }

    /// Requests answered from the fixture (synthesized tokens not counted).
    public var servedCount: Int { state.withLock { $0.served } }

    public func execute(_ request: RucioHTTPRequest, onBody: @escaping RucioBodyHandler) async throws(HTTPClientError)
        -> HTTPResponseHead
    {
        let method = request.method.rawValue
        let body = Self.normalized(RucioExchange.body(from: request.body))
        let account = request.headers[first: "X-Rucio-Account"]

        enum Choice { case exchange(RucioExchange), synthesize(Int), none(String) }
        let choice: Choice = state.withLock { state in
            func matches(_ index: Int) -> Bool {
                let exchange = fixture.exchanges[index]
                guard exchange.method == method, exchange.path == request.path, normalizedBodies[index] == body else {
                    return false
                }
                if let recorded = exchange.requestHeaders.first(where: { $0.key.lowercased() == "x-rucio-account" }) {
                    return recorded.value == account
                }
                return true
            }
            let candidate: Int?
            switch order {
            case .byRequest:
                candidate = state.used.indices.first { !state.used[$0] && matches($0) }
            case .inOrder:
                let next = state.used.firstIndex(of: false)
                candidate = next.flatMap { matches($0) ? $0 : nil }
            }
            if let candidate {
                state.used[candidate] = true
                state.served += 1
                return .exchange(fixture.exchanges[candidate])
            }
            if synthesizeAuthentication && request.path.hasPrefix("/auth/") {
                state.synthesizedTokens += 1
                return .synthesize(state.synthesizedTokens)
            }
            var reason = "ReplayTransport: no recorded exchange for \(method) \(request.path)"
            if let body { reason += " with body \(body.prefix(500))" }
            if let account { reason += " (account \(account))" }
            let unused = zip(fixture.exchanges, state.used).filter { !$0.1 }.map(\.0.summary)
            if order == .inOrder, let next = unused.first {
                reason += "; the next recorded exchange is \(next)"
            } else {
                reason += "; \(unused.count) unused exchange(s)"
                if !unused.isEmpty { reason += ": " + unused.prefix(5).joined(separator: " | ") }
            }
            return .none(reason)
        }

        switch choice {
        case .none(let reason):
            throw .invalidRequest(reason)
        case .synthesize(let serial):
            let now = Date()
            let head = HTTPResponseHead(status: 200, headers: [
                "Content-Type": "application/octet-stream",
                "X-Rucio-Auth-Account": account ?? "",
                "X-Rucio-Auth-Token": "replay-token-\(account ?? "none")-\(serial)",
                "X-Rucio-Auth-Token-Expires": RucioDate.format(now.addingTimeInterval(3600)),
                "Date": RucioDate.format(now),
            ])
            return head
        case .exchange(let exchange):
            return try deliver(exchange, request: request, onBody: onBody)
        }
    }

    private func deliver(_ exchange: RucioExchange, request: RucioHTTPRequest, onBody: RucioBodyHandler)
        throws(HTTPClientError) -> HTTPResponseHead
    {
        guard let status = exchange.status else {
            throw exchange.failure?.error(method: exchange.method, url: request.url)
                ?? .invalidRequest("ReplayTransport: exchange \(exchange.summary) has no status")
        }
        var headers = HTTPHeaders()
        for (name, value) in exchange.responseHeaders { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(status: status, headers: headers)
        let body = exchange.responseBody
        var start = 0
        while start < body.count {
            let end = min(start + chunkSize, body.count)
            do {
                try body[start..<end].withUnsafeBytes { try onBody(head, $0) }
            } catch {
                throw .aborted(error)
            }
            start = end
        }
        if let failure = exchange.failure {
            throw failure.error(method: exchange.method, url: request.url)
        }
        return head
    }

    /// A body in a form where equal JSON compares equal whatever the key order.
    private static func normalized(_ body: RucioExchange.Body?) -> String? {
        switch body {
        case .json(let json): return json.serializedString(sortKeys: true)
        case .text(let text): return text
        case nil: return nil
        }
    }
}
