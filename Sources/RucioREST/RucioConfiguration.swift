/// Where the Rucio server is and how to talk to it.
///
/// Timeouts are deliberately far below the DIRAC client's 120 s RPC timeout: a gateway call may
/// need several Rucio calls, and it must answer (even with an error) before its own caller gives up.
public struct RucioConfiguration: Sendable {
    /// The REST API, e.g. `https://rucio.example.org` (no trailing slash needed; a path prefix
    /// such as `https://host/rucio` is kept).
    public var baseURL: String
    /// Where `/auth/*` lives; often the same server, sometimes a separate auth host (x509).
    public var authURL: String
    /// Sent as `X-Rucio-VO` when set. Rucio reads it only when issuing tokens (the token then
    /// carries the VO); a single-VO server accepts its own VO (`def`) or none, anything else is a
    /// 401. Multi-VO servers need it.
    public var vo: String?

    /// Limit on establishing a connection (TCP + TLS).
    public var connectTimeout: Duration
    /// Limit on a whole exchange that returns one JSON document or a status.
    public var requestTimeout: Duration
    /// Limit on a whole streamed listing (NDJSON), body included; one chunk of at most
    /// `maximumBulkItems` DIDs per request.
    public var streamTimeout: Duration

    /// CA certificates for https in OpenSSL's hashed layout (`/etc/grid-security/certificates`).
    public var caDirectory: String?
    /// A PEM bundle of CA certificates. With neither set, the system's trust store is used.
    public var caFile: String?

    /// Retries of idempotent calls (see `RucioRetryPolicy`).
    public var retryPolicy: RucioRetryPolicy

    /// A token is replaced once it has less than this left (the expiry comes from
    /// `X-Rucio-Auth-Token-Expires`, 1 h after issue on Rucio 41, not configurable server-side).
    public var tokenRefreshMargin: Duration

    /// Items per request for bulk endpoints. Rucio's schemas cap `dids`, `attachments`, `files`
    /// and `rules` lists at 1000 (`maxItems`) and refuse larger ones with 400 `InvalidObject`, so
    /// larger inputs are split into chunks of this size (clamped to 1…1000).
    public var maximumBulkItems: Int

    /// Files per `POST /dirac/addfiles` request (clamped to 1…`maximumBulkItems`). Rucio does the
    /// whole registration of a file in that call (existence checks, DID, replica, rule,
    /// attachments, in one transaction): about 0.1 s per new file on the project's peer, so 1000
    /// files take over 90 s — far beyond `requestTimeout`, and a timed-out write leaves the
    /// outcome unknown. DIRAC's own plugin sends 100 per call; so does this default.
    public var maximumDiracAddFilesItems: Int

    /// Idle keep-alive connections kept per client identity, and concurrent requests.
    public var maximumIdleConnections: Int
    public var maximumConcurrentRequests: Int

    public var userAgent: String

    public init(
        baseURL: String,
        authURL: String? = nil,
        vo: String? = nil,
        connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(30),
        streamTimeout: Duration = .seconds(90),
        caDirectory: String? = nil,
        caFile: String? = nil,
        retryPolicy: RucioRetryPolicy = RucioRetryPolicy(),
        tokenRefreshMargin: Duration = .seconds(300),
        maximumBulkItems: Int = 1000,
        maximumDiracAddFilesItems: Int = 100,
        maximumIdleConnections: Int = 8,
        maximumConcurrentRequests: Int = 16,
        userAgent: String = "dirac-rucio-gateway RucioREST"
    ) {
        self.baseURL = Self.trimmingTrailingSlashes(baseURL)
        self.authURL = Self.trimmingTrailingSlashes(authURL ?? baseURL)
        self.vo = vo
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.streamTimeout = streamTimeout
        self.caDirectory = caDirectory
        self.caFile = caFile
        self.retryPolicy = retryPolicy
        self.tokenRefreshMargin = tokenRefreshMargin
        self.maximumBulkItems = maximumBulkItems
        self.maximumDiracAddFilesItems = maximumDiracAddFilesItems
        self.maximumIdleConnections = maximumIdleConnections
        self.maximumConcurrentRequests = maximumConcurrentRequests
        self.userAgent = userAgent
    }

    /// `maximumBulkItems` within what Rucio accepts.
    var bulkChunkSize: Int { min(1000, max(1, maximumBulkItems)) }

    /// `maximumDiracAddFilesItems` within `bulkChunkSize`.
    var diracAddFilesChunkSize: Int { min(bulkChunkSize, max(1, maximumDiracAddFilesItems)) }

    private static func trimmingTrailingSlashes(_ url: String) -> String {
        var url = Substring(url)
        while url.hasSuffix("/") { url = url.dropLast() }
        return String(url)
    }
}
