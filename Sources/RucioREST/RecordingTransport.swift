import CurlHTTP
import GatewayJSON
import OrderedCollections
import Synchronization

/// Records every exchange that passes through it to a `RucioFixture` file, with secrets masked.
///
/// Wraps another transport (normally `CurlRucioTransport`) and changes nothing about the
/// exchange: the client sees exactly what the server sent. The file is rewritten after every
/// exchange, so a test that crashes still leaves the exchanges up to that point.
///
/// What is kept: method, path, the request body, the request headers `X-Rucio-Account`,
/// `X-Rucio-VO`, `X-Rucio-Username`, `X-Rucio-Auth-Token`, `Accept`; the status; the response
/// headers `Content-Type`, `Location`, `Date`, `ExceptionClass`, `ExceptionMessage` and every
/// `X-Rucio-*`; the response body (streamed bodies are buffered for the record — recording is for
/// tests, not for production). Transport failures are recorded as `failure`.
///
/// Masked: the password (`X-Rucio-Password` is recorded as `***`) and auth tokens, which become
/// `masked-token-1`, `masked-token-2`… consistently across headers and bodies, so a fixture still
/// shows which requests shared a token.
public final class RecordingTransport: RucioTransport {
    private struct State {
        var fixture: RucioFixture
        var tokens: [String: String] = [:]
    }

    private let wrapped: any RucioTransport
    private let path: String
    private let state: Mutex<State>

    static let keptRequestHeaders: Set<String> = [
        "x-rucio-account", "x-rucio-vo", "x-rucio-username", "x-rucio-auth-token", "x-rucio-password", "accept",
    ]
    static let keptResponseHeaders: Set<String> = [
        "content-type", "location", "date", "exceptionclass", "exceptionmessage",
    ]

    /// - Parameters:
    ///   - fixtureFile: written (replaced) after every exchange.
    ///   - parameters: stored in the fixture for the replaying test (unique names, …).
    public init(wrapping transport: any RucioTransport, fixtureFile: String, parameters: OrderedDictionary<String, JSON> = [:]) {
        wrapped = transport
        path = fixtureFile
        state = Mutex(State(fixture: RucioFixture(parameters: parameters)))
    }

    /// The exchanges recorded so far (masked).
    public var fixture: RucioFixture { state.withLock { $0.fixture } }

    /// Adds or replaces a fixture parameter (and rewrites the file).
    public func setParameter(_ name: String, _ value: JSON) throws {
        let fixture = state.withLock { state in
            state.fixture.parameters[name] = value
            return state.fixture
        }
        try fixture.write(toFile: path)
    }

    public func execute(_ request: RucioHTTPRequest, onBody: @escaping RucioBodyHandler) async throws(HTTPClientError)
        -> HTTPResponseHead
    {
        let captured = Mutex<(head: HTTPResponseHead?, body: [UInt8])>((nil, []))
        let result: Result<HTTPResponseHead, HTTPClientError>
        do {
            let head = try await wrapped.execute(request) { head, chunk in
                captured.withLock {
                    $0.head = head
                    $0.body.append(contentsOf: chunk)
                }
                try onBody(head, chunk)
            }
            result = .success(head)
        } catch {
            result = .failure(error)
        }
        let (partialHead, body) = captured.withLock { $0 }
        record(request, result: result, partialHead: partialHead, body: body)
        return try result.get()
    }

    private func record(
        _ request: RucioHTTPRequest, result: Result<HTTPResponseHead, HTTPClientError>, partialHead: HTTPResponseHead?,
        body: [UInt8]
    ) {
        let fixture: RucioFixture = state.withLock { state in
            var head = partialHead
            if case .success(let response) = result { head = response }
            for token in [request.headers[first: "X-Rucio-Auth-Token"], head?.headers[first: "X-Rucio-Auth-Token"]] {
                if let token, !token.isEmpty, state.tokens[token] == nil {
                    state.tokens[token] = "masked-token-\(state.tokens.count + 1)"
                }
            }
            let tokens = state.tokens
            let mask = { (text: String) in Self.masked(text, tokens: tokens) }

            var requestHeaders: OrderedDictionary<String, String> = [:]
            for field in request.headers where Self.keptRequestHeaders.contains(field.name.lowercased()) {
                requestHeaders[field.name] = field.name.lowercased() == "x-rucio-password" ? "***" : mask(field.value)
            }
            var requestBody = RucioExchange.body(from: request.body)
            if case .text(let text) = requestBody { requestBody = .text(mask(text)) }
            if case .json(let json) = requestBody, let masked = try? JSON(parsing: mask(json.serializedString())) {
                requestBody = .json(masked)
            }

            var exchange = RucioExchange(
                method: request.method.rawValue, path: mask(request.path), requestHeaders: requestHeaders,
                requestBody: requestBody, status: nil)
            if let head {
                exchange.status = head.status
                for field in head.headers {
                    let name = field.name.lowercased()
                    if Self.keptResponseHeaders.contains(name) || name.hasPrefix("x-rucio-") {
                        exchange.responseHeaders[field.name] = mask(field.value)
                    }
                }
                exchange.responseBody = Self.maskedBody(body, mask)
            }
            if case .failure(let error) = result {
                var failure = RucioExchange.Failure(error)
                failure.message = mask(failure.message)
                exchange.failure = failure
            }
            state.fixture.exchanges.append(exchange)
            return state.fixture
        }
        do {
            try fixture.write(toFile: path)
        } catch {
            // A test that records must notice: fail loudly rather than leave a stale fixture.
            fatalError("RecordingTransport: cannot write \(path): \(error)")
        }
    }

    private static func maskedBody(_ body: [UInt8], _ mask: (String) -> String) -> [UInt8] {
        guard let text = String(validating: body, as: UTF8.self) else { return body }
        return Array(mask(text).utf8)
    }

    /// Tokens replaced by their placeholders. Passwords travel only in the `X-Rucio-Password`
    /// header, which is never recorded in clear, so bodies are left as they are otherwise (a
    /// replayed request must match its recorded body).
    private static func masked(_ text: String, tokens: [String: String]) -> String {
        var text = text
        // Longest first, so a token containing another is replaced whole.
        for (token, placeholder) in tokens.sorted(by: { $0.key.count > $1.key.count }) where text.contains(token) {
            text = text.replacing(token, with: placeholder)
        }
        return text
    }
}
