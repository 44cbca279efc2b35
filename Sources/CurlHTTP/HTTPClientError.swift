/// Why a request produced no response. HTTP error statuses (4xx, 5xx) are responses, not errors.
public enum HTTPClientError: Error, Sendable {
    /// No connection could be made: refused, unreachable, or the host name did not resolve.
    case couldNotConnect(CurlFailure)
    /// The connect timeout or the request timeout expired.
    case timedOut(CurlFailure)
    /// TLS failed: handshake, server certificate verification, or the client certificate/key.
    case tls(CurlFailure)
    /// The connection broke during the exchange: closed before the announced end of the body
    /// (CURLE_PARTIAL_FILE), a receive or send error, or no response at all (CURLE_GOT_NOTHING).
    case transferInterrupted(CurlFailure)
    /// The body-chunk callback threw; the transfer was stopped and the error is carried here.
    case aborted(any Error)
    /// The calling task was cancelled; the transfer was stopped.
    case cancelled
    /// The request cannot be sent as given (bad scheme, CR/LF or NUL in a header or the URL, …).
    case invalidRequest(String)
    /// Any other libcurl failure.
    case other(CurlFailure)

    /// libcurl's report, for the cases that come from libcurl.
    public var curlFailure: CurlFailure? {
        switch self {
        case .couldNotConnect(let failure), .timedOut(let failure), .tls(let failure),
            .transferInterrupted(let failure), .other(let failure):
            failure
        case .aborted, .cancelled, .invalidRequest:
            nil
        }
    }

    /// True when the failure happened before the server can have answered: the connection could
    /// not be made, or it broke (reset, closed, send/receive error) before any response byte.
    ///
    /// Retrying such a request cannot duplicate a response the caller has seen, but the server may
    /// still have received and acted on the request when the break came after it was sent: retry
    /// only idempotent requests, or ones the caller knows to be safe. libcurl already retries once
    /// by itself when a reused keep-alive connection turns out to be dead.
    public var isRetryableConnectionError: Bool {
        switch self {
        case .couldNotConnect:
            return true
        case .transferInterrupted(let failure):
            return !failure.responseStarted && Self.brokenConnectionCodes.contains(failure.code)
        case .timedOut, .tls, .aborted, .cancelled, .invalidRequest, .other:
            return false
        }
    }

    /// CURLE_GOT_NOTHING (52), CURLE_SEND_ERROR (55), CURLE_RECV_ERROR (56).
    static let brokenConnectionCodes: Set<Int> = [52, 55, 56]
}

extension HTTPClientError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .couldNotConnect(let failure): "could not connect: \(failure)"
        case .timedOut(let failure): "timed out: \(failure)"
        case .tls(let failure): "TLS failure: \(failure)"
        case .transferInterrupted(let failure): "transfer interrupted: \(failure)"
        case .aborted(let error): "aborted by the body callback: \(error)"
        case .cancelled: "cancelled"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .other(let failure): "\(failure)"
        }
    }
}
