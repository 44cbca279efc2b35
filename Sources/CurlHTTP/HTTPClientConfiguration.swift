/// How a `CurlHTTPClient` connects: timeouts, TLS trust and identity, connection pooling.
///
/// Fixed behaviour, not configurable: HTTP/1.1 only (CURL_HTTP_VERSION_1_1), TCP_NODELAY on (small
/// RPC requests must not wait for Nagle's algorithm), redirects not followed, only the `http` and
/// `https` schemes, no signals (CURLOPT_NOSIGNAL, required when libcurl runs on several threads).
public struct HTTPClientConfiguration: Sendable {
    /// Limit on establishing the TCP connection and the TLS handshake (CURLOPT_CONNECTTIMEOUT_MS).
    public var connectTimeout: Duration
    /// Default limit on a whole transfer, connection and body included (CURLOPT_TIMEOUT_MS).
    /// `HTTPRequest.timeout` overrides it per request. `.zero` means no limit (libcurl's 0).
    public var requestTimeout: Duration

    /// Directory of trusted CA certificates in OpenSSL hashed form, e.g.
    /// `/etc/grid-security/certificates` (CURLOPT_CAPATH).
    public var caDirectory: String?
    /// A PEM bundle of trusted CA certificates (CURLOPT_CAINFO).
    ///
    /// When only one of `caDirectory` and `caFile` is set, libcurl's built-in default for the other
    /// (the system bundle) is switched off, so exactly the configured CAs are trusted. When neither
    /// is set, the system defaults apply.
    public var caFile: String?

    /// PEM file holding the client certificate chain (CURLOPT_SSLCERT). A grid proxy file, which
    /// holds the proxy certificate, its key and then the user certificate, works as both
    /// certificate and key: OpenSSL reads the first certificate as the leaf, later certificates as
    /// the chain, and skips the key block.
    public var clientCertificateFile: String?
    /// PEM file holding the private key (CURLOPT_SSLKEY). Nil means the certificate file.
    public var clientKeyFile: String?

    /// Verify the server's certificate chain (CURLOPT_SSL_VERIFYPEER).
    public var verifyPeer: Bool
    /// Verify that the server's certificate names the host in the URL (CURLOPT_SSL_VERIFYHOST).
    public var verifyHost: Bool

    /// How many idle keep-alive connections are kept for reuse. Each idle connection lives in one
    /// pooled libcurl easy handle, whose connection cache holds one connection (CURLOPT_MAXCONNECTS);
    /// handles checked in beyond this number are closed.
    public var maximumIdleConnections: Int
    /// How many transfers of the async API run at once, each on its own dedicated thread (the
    /// blocking libcurl call must not occupy Swift's cooperative pool). Further requests wait.
    /// The blocking API runs on the caller's thread and is not limited by this.
    public var maximumConcurrentRequests: Int

    /// Sent as `User-Agent` unless a request gives its own; nil sends none.
    public var userAgent: String?

    /// Open a new TCP (+ TLS) connection for every request and close it afterwards
    /// (CURLOPT_FRESH_CONNECT + CURLOPT_FORBID_REUSE), as a client without keep-alive would.
    /// For benchmarks; combine with `tlsSessionResumption = false` for a full handshake each time.
    public var forbidConnectionReuse: Bool
    /// Resume earlier TLS sessions on new connections (CURLOPT_SSL_SESSIONID_CACHE).
    public var tlsSessionResumption: Bool

    /// Proxy URL (CURLOPT_PROXY). Nil means no proxy at all: the `http_proxy`/`https_proxy`
    /// environment variables, which libcurl would otherwise honour, are ignored.
    public var proxy: String?

    public init(
        connectTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(60),
        caDirectory: String? = nil,
        caFile: String? = nil,
        clientCertificateFile: String? = nil,
        clientKeyFile: String? = nil,
        verifyPeer: Bool = true,
        verifyHost: Bool = true,
        maximumIdleConnections: Int = 8,
        maximumConcurrentRequests: Int = 16,
        userAgent: String? = "CurlHTTP",
        forbidConnectionReuse: Bool = false,
        tlsSessionResumption: Bool = true,
        proxy: String? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.caDirectory = caDirectory
        self.caFile = caFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.verifyPeer = verifyPeer
        self.verifyHost = verifyHost
        self.maximumIdleConnections = maximumIdleConnections
        self.maximumConcurrentRequests = maximumConcurrentRequests
        self.userAgent = userAgent
        self.forbidConnectionReuse = forbidConnectionReuse
        self.tlsSessionResumption = tlsSessionResumption
        self.proxy = proxy
    }
}
