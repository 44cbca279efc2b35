import CurlHTTP
import GatewayJSON
import Logging

/// One Rucio REST call, before authentication headers are added.
struct RucioCall: Sendable {
    enum Target: Sendable { case api, auth }

    var method: HTTPMethod
    /// Path and query, percent-encoded (see `RucioPath`).
    var path: String
    var body: JSON?
    var target: Target = .api
    /// Safe to send again: reads, including the read-only POSTs.
    var idempotent: Bool
    var authenticated: Bool = true
    /// An NDJSON listing: `Accept: application/x-json-stream` (Rucio answers 406 to any other
    /// explicit type) and the longer stream timeout.
    var streaming: Bool = false
    var successStatuses: Range<Int> = 200..<300
    var headers: HTTPHeaders = [:]
    var clientCertificate: RucioClientCertificate?
    /// Position of this chunk's first item in the caller's bulk input.
    var chunkOffset: Int?

    init(
        method: HTTPMethod, path: String, body: JSON? = nil, target: Target = .api, idempotent: Bool,
        authenticated: Bool = true, streaming: Bool = false, chunkOffset: Int? = nil
    ) {
        self.method = method
        self.path = path
        self.body = body
        self.target = target
        self.idempotent = idempotent
        self.authenticated = authenticated
        self.streaming = streaming
        self.chunkOffset = chunkOffset
    }
}

extension RucioClient {
    /// Successful bodies of single JSON documents larger than this are refused (64 MiB): nothing
    /// Rucio returns as one document comes near it, and a runaway answer must not exhaust memory.
    static let documentLimit = 64 << 20

    /// Sends `call` with authentication, the re-authentication rule and the retry policy, and
    /// returns the final head once the body has gone through the sink.
    func run(_ call: RucioCall, session: RucioAccountSession?, mode: ResponseSink.Mode) async throws(RucioError)
        -> (head: HTTPResponseHead, sink: ResponseSink)
    {
        let policy = configuration.retryPolicy
        let body = call.body.map { $0.serialized() }
        let method = call.method.rawValue
        var attempt = 0
        var reauthenticated = false
        var refusedToken: String?

        while true {
            attempt += 1
            var headers = call.headers
            var certificate = call.clientCertificate
            var usedToken: String?
            if let session {
                headers.replaceOrAdd(name: "X-Rucio-Account", value: session.account)
                certificate = certificate ?? session.credentials.clientCertificate
                if call.authenticated {
                    let token = try await tokenCache(for: session).token(replacing: refusedToken)
                    refusedToken = nil
                    usedToken = token.value
                    headers.replaceOrAdd(name: "X-Rucio-Auth-Token", value: token.value)
                }
            }
            if let vo = configuration.vo, !headers.contains("X-Rucio-VO") {
                headers.add(name: "X-Rucio-VO", value: vo)
            }
            if body != nil { headers.replaceOrAdd(name: "Content-Type", value: "application/json") }
            if call.streaming { headers.replaceOrAdd(name: "Accept", value: "application/x-json-stream") }

            let request = RucioHTTPRequest(
                method: call.method,
                baseURL: call.target == .auth ? configuration.authURL : configuration.baseURL,
                path: call.path, headers: headers, body: body,
                timeout: call.streaming ? configuration.streamTimeout : configuration.requestTimeout,
                clientCertificate: certificate)
            let sink = ResponseSink(mode: mode, successStatuses: call.successStatuses)
            let started = ContinuousClock.now

            let head: HTTPResponseHead
            do {
                head = try await transport.execute(request) { head, chunk in try sink.consume(head, chunk) }
            } catch {
                switch error {
                case .aborted(let reason):
                    throw Self.abortError(reason, call: call, status: nil)
                case .cancelled:
                    throw .cancelled
                default:
                    let delivered = sink.delivered
                    if call.idempotent && Self.isRetryable(error) && delivered == 0 && attempt < policy.maximumAttempts {
                        logger.notice(
                            "Rucio \(method) \(call.path) failed, retrying: \(error)",
                            metadata: ["attempt": "\(attempt)"])
                        try await pause(policy.backoff(afterAttempt: attempt))
                        continue
                    }
                    throw .transport(RucioTransportFailure(
                        error: error, method: method, path: call.path, attempts: attempt, recordsDelivered: delivered,
                        chunkOffset: call.chunkOffset))
                }
            }

            logger.debug(
                "Rucio \(method) \(call.path) → \(head.status)",
                metadata: ["ms": "\((ContinuousClock.now - started).seconds * 1000)", "records": "\(sink.delivered)"])

            if call.successStatuses.contains(head.status) {
                do {
                    try sink.finish()
                } catch {
                    throw Self.abortError(error, call: call, status: head.status)
                }
                return (head, sink)
            }

            var serverError = RucioServerError(
                status: head.status, headers: head.headers, body: sink.body, method: method, path: call.path)
            serverError.chunkOffset = call.chunkOffset

            // A refused token (expired, revoked, unknown after a server reset): get a new one and
            // send the call again, once. The request was rejected before any view ran, so this is
            // safe for writes too. AccessDenied, also a 401, is a refusal of the operation itself.
            if head.status == 401, serverError.exceptionClass == "CannotAuthenticate", call.authenticated,
                session != nil, !reauthenticated
            {
                logger.info("Rucio refused the token of account \(session?.account ?? ""); authenticating again")
                reauthenticated = true
                refusedToken = usedToken
                attempt -= 1
                continue
            }
            if call.idempotent && policy.retryableStatuses.contains(head.status) && attempt < policy.maximumAttempts {
                logger.notice(
                    "Rucio \(method) \(call.path) answered \(head.status), retrying",
                    metadata: ["attempt": "\(attempt)"])
                try await pause(policy.backoff(afterAttempt: attempt))
                continue
            }
            throw .server(serverError)
        }
    }

    /// Transport failures worth another attempt of an idempotent call: no connection, or one that
    /// broke — also after the response head, since a read is safe to repeat as long as none of
    /// its records reached the caller (checked separately). Timeouts and TLS failures are not.
    static func isRetryable(_ error: HTTPClientError) -> Bool {
        switch error {
        case .couldNotConnect, .transferInterrupted: true
        default: error.isRetryableConnectionError
        }
    }

    /// The call's answer as one JSON document.
    func collectJSON(_ call: RucioCall, session: RucioAccountSession?) async throws(RucioError) -> JSON {
        let (head, sink) = try await run(call, session: session, mode: .collect(limit: Self.documentLimit))
        let body = sink.body
        do {
            return try JSON(parsing: body)
        } catch {
            throw .invalidResponse(RucioInvalidResponse(
                method: call.method.rawValue, path: call.path, status: head.status,
                reason: "not JSON (\(error)): \(String(decoding: body.prefix(200), as: UTF8.self))"))
        }
    }

    /// The call's answer as NDJSON records, handed to `deliver` one by one; returns their number.
    func streamRecords(
        _ call: RucioCall, session: RucioAccountSession?, deliver: @escaping @Sendable (JSON) throws -> Void
    ) async throws(RucioError) -> Int {
        var call = call
        call.streaming = true
        let (_, sink) = try await run(call, session: session, mode: .ndjson(deliver: deliver))
        return sink.delivered
    }

    /// A call whose answer is only a status (`201 Created`, `200 ''`).
    func perform(_ call: RucioCall, session: RucioAccountSession?) async throws(RucioError) -> HTTPResponseHead {
        try await run(call, session: session, mode: .collect(limit: Self.documentLimit)).head
    }

    private func pause(_ duration: Duration) async throws(RucioError) {
        do {
            try await Task.sleep(for: duration)
        } catch {
            throw .cancelled
        }
    }

    /// The error behind a transfer stopped by the body handler (or a failed last line).
    static func abortError(_ reason: any Error, call: RucioCall, status: Int?) -> RucioError {
        if let rucioError = reason as? RucioError { return rucioError }
        let text: String
        if let jsonError = reason as? JSONError {
            text = "a listing line is not JSON: \(jsonError)"
        } else {
            text = "\(reason)"
        }
        return .invalidResponse(RucioInvalidResponse(
            method: call.method.rawValue, path: call.path, status: status, reason: text))
    }
}
