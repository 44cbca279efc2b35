import CurlHTTP
import Synchronization

/// One HTTP request to Rucio as the client hands it to its transport.
public struct RucioHTTPRequest: Sendable {
    public var method: HTTPMethod
    /// Scheme, host, port and any path prefix: `RucioConfiguration.baseURL` or `authURL`.
    public var baseURL: String
    /// Path and query below `baseURL`, starting with `/`, already percent-encoded
    /// (`/dids/MC/%2Fctao%2FMC`). Recorded exchanges keep only this part, so they replay
    /// against any server address.
    public var path: String
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    /// Limit on the whole exchange; nil: the transport's default.
    public var timeout: Duration?
    /// The TLS client certificate to present (x509 credentials), nil for none.
    public var clientCertificate: RucioClientCertificate?

    public init(
        method: HTTPMethod, baseURL: String, path: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        timeout: Duration? = nil, clientCertificate: RucioClientCertificate? = nil
    ) {
        self.method = method
        self.baseURL = baseURL
        self.path = path
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.clientCertificate = clientCertificate
    }

    public var url: String { baseURL + path }
}

/// Receives the response body piece by piece with the final response head, one call at a time.
/// The bytes are valid only during the call. Throwing stops the transfer; the transport then
/// throws `HTTPClientError.aborted` carrying that error.
public typealias RucioBodyHandler = @Sendable (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void

/// Carries HTTP exchanges for `RucioClient`: the seam below the client where recording and replay
/// plug in (`RecordingTransport`, `ReplayTransport`); `CurlRucioTransport` talks to a real server.
///
/// A transport knows nothing of Rucio: authentication, retries and error interpretation happen in
/// the client, so a replayed exchange goes through exactly the same code as a live one.
public protocol RucioTransport: Sendable {
    /// Sends `request`, hands the body to `onBody` as it arrives (also for error statuses), and
    /// returns the response head once the body is complete.
    ///
    /// Throws `HTTPClientError` when no complete response arrived — also after part of the body
    /// has been handed over, which is how a cut-off listing becomes an error.
    func execute(_ request: RucioHTTPRequest, onBody: @escaping RucioBodyHandler) async throws(HTTPClientError)
        -> HTTPResponseHead
}

/// The live transport: libcurl through `CurlHTTPClient`, with keep-alive connections.
///
/// One `CurlHTTPClient` per TLS client identity, created on first use, so connections made with
/// one certificate are never reused for another.
public final class CurlRucioTransport: RucioTransport {
    private let baseConfiguration: HTTPClientConfiguration
    private let clients: Mutex<[RucioClientCertificate?: CurlHTTPClient]>

    /// A transport with the timeouts, CA settings and connection limits of `configuration`.
    public init(configuration: RucioConfiguration) {
        baseConfiguration = HTTPClientConfiguration(
            connectTimeout: configuration.connectTimeout,
            requestTimeout: configuration.requestTimeout,
            caDirectory: configuration.caDirectory,
            caFile: configuration.caFile,
            maximumIdleConnections: configuration.maximumIdleConnections,
            maximumConcurrentRequests: configuration.maximumConcurrentRequests,
            userAgent: configuration.userAgent)
        clients = Mutex([:])
    }

    /// A transport with a fully specified HTTP configuration (its client certificate, if any, is
    /// replaced per request by the request's own).
    public init(httpConfiguration: HTTPClientConfiguration) {
        baseConfiguration = httpConfiguration
        clients = Mutex([:])
    }

    public func execute(_ request: RucioHTTPRequest, onBody: @escaping RucioBodyHandler) async throws(HTTPClientError)
        -> HTTPResponseHead
    {
        let client = try client(for: request.clientCertificate)
        let response = try await client.stream(
            HTTPRequest(
                method: request.method, url: request.url, headers: request.headers, body: request.body,
                timeout: request.timeout),
            onBodyChunk: onBody)
        return response.head
    }

    private func client(for certificate: RucioClientCertificate?) throws(HTTPClientError) -> CurlHTTPClient {
        if let existing = clients.withLock({ $0[certificate] }) { return existing }
        var configuration = baseConfiguration
        configuration.clientCertificateFile = certificate?.certificateFile
        configuration.clientKeyFile = certificate?.keyFile
        let created = try CurlHTTPClient(configuration: configuration)
        return clients.withLock { clients in
            if let raced = clients[certificate] { return raced }
            clients[certificate] = created
            return created
        }
    }
}
