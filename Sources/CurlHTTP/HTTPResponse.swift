/// A complete response with its body held in memory. Use `CurlHTTPClient.stream` for bodies
/// that must not be buffered whole.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields in the order received; lookups are case-insensitive.
    public var headers: HTTPHeaders
    /// The body as received (decoded if `HTTPRequest.decompressResponse` was set).
    public var body: [UInt8]
    /// Connection and timing facts about the transfer.
    public var info: HTTPTransferInfo

    public init(status: Int, headers: HTTPHeaders, body: [UInt8], info: HTTPTransferInfo) {
        self.status = status
        self.headers = headers
        self.body = body
        self.info = info
    }

    public var head: HTTPResponseHead { HTTPResponseHead(status: status, headers: headers) }

    /// The body decoded as UTF-8 (invalid sequences replaced), for diagnostics and small texts.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
