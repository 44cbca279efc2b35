/// Status and header fields of the final response (any `1xx` interim response such as
/// `100 Continue` is skipped: its fields never reach the caller).
public struct HTTPResponseHead: Sendable {
    /// The status code of the final response, e.g. 200.
    public var status: Int
    /// The response's header fields in the order received; look them up case-insensitively with
    /// `headers[first: "Content-Type"]` or `headers.values(for: "Set-Cookie")`.
    public var headers: HTTPHeaders

    public init(status: Int, headers: HTTPHeaders) {
        self.status = status
        self.headers = headers
    }
}
