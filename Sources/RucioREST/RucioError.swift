import CurlHTTP
import GatewayJSON
import OrderedCollections

/// Why a Rucio call failed.
///
/// Switch over the cases for the kind of failure, or use the helpers (`isDataIdentifierNotFound`,
/// `isDuplicate`, `isAccessDenied`, …) that look at Rucio's `ExceptionClass` wherever it came from.
public enum RucioError: Error, Sendable, CustomStringConvertible {
    /// Rucio answered the call with an error status.
    case server(RucioServerError)
    /// Getting a token failed: the auth endpoint refused (401 `CannotAuthenticate` for wrong
    /// credentials or an identity not mapped to the account), or a token provider threw. A
    /// server that cannot be reached is a `.transport` failure instead.
    case authentication(RucioAuthenticationFailure)
    /// No complete answer: no connection, a timeout, TLS, or a connection that broke — including a
    /// listing cut off after some records (`recordsDelivered > 0`): never a silently short result.
    case transport(RucioTransportFailure)
    /// An answer that is not what Rucio sends: unparsable JSON, a record without scope/name, a
    /// token response without a token.
    case invalidResponse(RucioInvalidResponse)
    /// The call was refused before anything was sent (e.g. a Python literal for NaN, a rule for
    /// more than 1000 DIDs).
    case invalidArgument(String)
    /// The record callback of a listing threw this error; the transfer was stopped.
    case consumer(any Error)
    /// The calling task was cancelled.
    case cancelled

    /// The HTTP status of an error answer.
    public var status: Int? {
        switch self {
        case .server(let error): error.status
        case .authentication(let failure): failure.server?.status
        case .invalidResponse(let error): error.status
        default: nil
        }
    }

    /// Rucio's exception class (`DataIdentifierNotFound`, `AccessDenied`, …), when it named one.
    public var exceptionClass: String? {
        switch self {
        case .server(let error): error.exceptionClass
        case .authentication(let failure): failure.server?.exceptionClass
        default: nil
        }
    }

    /// Rucio's message, or the plain-text body of an answer without exception class.
    public var exceptionMessage: String? {
        switch self {
        case .server(let error): error.exceptionMessage
        case .authentication(let failure): failure.server?.exceptionMessage
        default: nil
        }
    }

    /// Whether Rucio named exactly this exception class.
    public func hasExceptionClass(_ name: String) -> Bool { exceptionClass == name }

    /// `DataIdentifierNotFound`: the DID does not exist (404 on most endpoints, 400 in
    /// `/replicas/list`; the bulk listings leave missing DIDs out instead of failing).
    public var isDataIdentifierNotFound: Bool { hasExceptionClass("DataIdentifierNotFound") }

    /// Any of Rucio's `…NotFound` classes (DID, scope, RSE, rule, account, replica, key).
    public var isNotFound: Bool { exceptionClass?.hasSuffix("NotFound") == true }

    /// Something with that identity already exists: `Duplicate`, `DataIdentifierAlreadyExists`,
    /// `FileAlreadyExists`, `DuplicateContent`, `DuplicateRule`, `RSEAlreadyExists` (409s).
    public var isDuplicate: Bool {
        guard let name = exceptionClass else { return false }
        return Self.duplicateClasses.contains(name)
    }

    /// The account may not do this. Rucio answers 401 for it on most endpoints, like an
    /// authentication failure; this client never re-authenticates on it.
    public var isAccessDenied: Bool { hasExceptionClass("AccessDenied") }

    /// The token (or the credentials) were not accepted.
    public var isCannotAuthenticate: Bool { hasExceptionClass("CannotAuthenticate") }

    /// Given bytes/checksums differ from the stored ones (412 from `/dids/attachments`).
    public var isFileConsistencyMismatch: Bool { hasExceptionClass("FileConsistencyMismatch") }

    /// The operation is not possible on this DID in its state (closed dataset, file into a
    /// container, dataset where a container is needed, …).
    public var isUnsupportedOperation: Bool { hasExceptionClass("UnsupportedOperation") }

    /// A 500 without exception class: an unhandled Python exception inside Rucio (an `IndexError`,
    /// a `literal_eval` `ValueError`): a server bug or an input Rucio did not expect.
    public var isUnhandledServerError: Bool {
        if case .server(let error) = self { return error.status == 500 && error.exceptionClass == nil }
        return false
    }

    /// A failure a later retry may not see: a transport failure or a 502/503/504.
    public var isTransient: Bool {
        switch self {
        case .transport(let failure):
            switch failure.error {
            case .couldNotConnect, .transferInterrupted, .timedOut: true
            default: failure.error.isRetryableConnectionError
            }
        case .server(let error): [502, 503, 504].contains(error.status)
        default: false
        }
    }

    static let duplicateClasses: Set<String> = [
        "Duplicate", "DataIdentifierAlreadyExists", "FileAlreadyExists", "DuplicateContent", "DuplicateRule",
        "RSEAlreadyExists",
    ]

    public var description: String {
        switch self {
        case .server(let error): "Rucio error: \(error)"
        case .authentication(let failure): "Rucio authentication failed: \(failure)"
        case .transport(let failure): "Rucio unreachable: \(failure)"
        case .invalidResponse(let error): "unexpected Rucio answer: \(error)"
        case .invalidArgument(let reason): "invalid Rucio request: \(reason)"
        case .consumer(let error): "listing stopped by its consumer: \(error)"
        case .cancelled: "Rucio call cancelled"
        }
    }
}

/// An error answer from Rucio.
public struct RucioServerError: Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    /// From the JSON body `{"ExceptionClass": …}`, else from the `ExceptionClass` header; nil for
    /// a plain-text answer (an unhandled exception in Rucio, a front-end error page).
    public var exceptionClass: String?
    /// The full message from the body, else the header's (newlines removed and cut at 125
    /// characters by Rucio), else the plain-text body (cut at 4 KiB).
    public var exceptionMessage: String?
    public var method: String
    /// Path and query of the request, as sent.
    public var path: String
    /// For a bulk call split into chunks: the position, in the caller's input, of the first item
    /// of the chunk that failed. Earlier chunks were accepted (writes are not atomic across chunks).
    public var chunkOffset: Int?

    public init(
        status: Int, exceptionClass: String?, exceptionMessage: String?, method: String, path: String,
        chunkOffset: Int? = nil
    ) {
        self.status = status
        self.exceptionClass = exceptionClass
        self.exceptionMessage = exceptionMessage
        self.method = method
        self.path = path
        self.chunkOffset = chunkOffset
    }

    /// Reads Rucio's error answer the way the python client does (`baseclient._get_exception`):
    /// the JSON body first, then the `ExceptionClass`/`ExceptionMessage` headers, and for bodies
    /// without either (500s from unhandled exceptions) the text itself.
    public init(status: Int, headers: HTTPHeaders, body: [UInt8], method: String, path: String) {
        var exceptionClass: String?
        var exceptionMessage: String?
        if let document = try? JSON(parsing: body), case .object(let members) = document {
            exceptionClass = members["ExceptionClass"]?.stringValue
            exceptionMessage = members["ExceptionMessage"]?.stringValue
        }
        if exceptionClass == nil, let header = headers[first: "ExceptionClass"], !header.isEmpty {
            exceptionClass = header
        }
        if exceptionMessage == nil, let header = headers[first: "ExceptionMessage"], !header.isEmpty {
            exceptionMessage = header
        }
        if exceptionClass == nil && exceptionMessage == nil && !body.isEmpty {
            let text = String(decoding: body.prefix(4096), as: UTF8.self)
            exceptionMessage = text.trimmingWhitespace()
        }
        self.init(
            status: status, exceptionClass: exceptionClass, exceptionMessage: exceptionMessage, method: method,
            path: path)
    }

    public var description: String {
        var text = "\(method) \(path): HTTP \(status)"
        if let exceptionClass { text += " \(exceptionClass)" }
        if let exceptionMessage { text += ": \(exceptionMessage)" }
        if let chunkOffset { text += " (bulk chunk starting at item \(chunkOffset))" }
        return text
    }
}

/// Why no token could be obtained for an account.
public struct RucioAuthenticationFailure: Sendable, CustomStringConvertible {
    public var account: String
    /// Rucio's refusal, when the auth endpoint answered one.
    public var server: RucioServerError?
    /// What a token provider threw.
    public var underlying: (any Error)?

    public init(account: String, server: RucioServerError? = nil, underlying: (any Error)? = nil) {
        self.account = account
        self.server = server
        self.underlying = underlying
    }

    public var description: String {
        if let server { return "account \(account): \(server)" }
        if let underlying { return "account \(account): token provider failed: \(underlying)" }
        return "account \(account)"
    }
}

/// A request that got no complete answer.
public struct RucioTransportFailure: Sendable, CustomStringConvertible {
    public var error: HTTPClientError
    public var method: String
    public var path: String
    /// Attempts made (more than 1 when the call was idempotent and the failure transient).
    public var attempts: Int
    /// Records of this request already handed to the caller's callback when the stream broke.
    public var recordsDelivered: Int
    /// See `RucioServerError.chunkOffset`.
    public var chunkOffset: Int?

    public init(
        error: HTTPClientError, method: String, path: String, attempts: Int, recordsDelivered: Int,
        chunkOffset: Int? = nil
    ) {
        self.error = error
        self.method = method
        self.path = path
        self.attempts = attempts
        self.recordsDelivered = recordsDelivered
        self.chunkOffset = chunkOffset
    }

    /// The connect or request timeout expired.
    public var isTimeout: Bool {
        if case .timedOut = error { return true }
        return false
    }

    /// The connection broke after the answer had started (a listing cut short).
    public var isInterruptedStream: Bool {
        if case .transferInterrupted(let failure) = error { return failure.responseStarted || recordsDelivered > 0 }
        return recordsDelivered > 0
    }

    public var description: String {
        var text = "\(method) \(path): \(error)"
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        if recordsDelivered > 0 { text += " after \(recordsDelivered) records had been delivered" }
        if let chunkOffset { text += " (bulk chunk starting at item \(chunkOffset))" }
        return text
    }
}

/// An answer that does not have the shape Rucio's API gives it.
public struct RucioInvalidResponse: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    public var path: String
    public var status: Int?
    public var reason: String

    public init(method: String, path: String, status: Int?, reason: String) {
        self.method = method
        self.path = path
        self.status = status
        self.reason = reason
    }

    public var description: String {
        "\(method) \(path)\(status.map { ": HTTP \($0)" } ?? ""): \(reason)"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
