/// Why a call is refused before it reaches the catalog. The server answers HTTP 401, as DIRAC's Tornado
/// server does for failed authentication and authorisation alike (the client turns it into
/// `S_ERROR(EACCES, "No access to <url>")`); the reason goes to the log and the response body.
public struct AuthenticationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
