/// One HTTP request: what to send and how the response body should be decoded.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// An absolute `http://` or `https://` URL (other schemes are refused by the client).
    public var url: String
    /// Fields sent as given, in order. A field given here replaces libcurl's own field of the same
    /// name (`User-Agent`, `Accept`, `Content-Type`, …). An empty value is sent as an empty field.
    public var headers: HTTPHeaders
    /// The request body, sent with a `Content-Length`. When present and no `Content-Type` field is
    /// given, none is sent (libcurl would otherwise claim `application/x-www-form-urlencoded`).
    /// `Expect: 100-continue` is never sent: libcurl adds it to large bodies and then waits up to a
    /// second for a `100 Continue` that many servers never send.
    public var body: [UInt8]?
    /// Overrides `HTTPClientConfiguration.requestTimeout` for this request: the limit on the whole
    /// transfer, body included (CURLOPT_TIMEOUT_MS). Give long streamed listings a larger one.
    public var timeout: Duration?
    /// Advertise every content encoding libcurl can decode and decode the body transparently
    /// (CURLOPT_ACCEPT_ENCODING ""). Off by default: the body is delivered exactly as sent.
    public var decompressResponse: Bool

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        timeout: Duration? = nil,
        decompressResponse: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.decompressResponse = decompressResponse
    }
}
