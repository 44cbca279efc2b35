import GridSecurity

/// Everything the gateway reads at start-up: one YAML file (see `docs/gateway.example.yaml`), with
/// environment variables (`GATEWAY_*`, `EnvironmentOverrides.swift`) taking precedence over the file.
public struct GatewayConfiguration: Sendable, Hashable, Codable {
    public var server: ServerSettings
    public var auth: AuthSettings
    public var rucio: RucioSettings
    public var metrics: MetricsSettings
    public var logging: LoggingSettings

    public init(
        server: ServerSettings = .init(), auth: AuthSettings = .init(), rucio: RucioSettings = .init(),
        metrics: MetricsSettings = .init(), logging: LoggingSettings = .init()
    ) {
        self.server = server
        self.auth = auth
        self.rucio = rucio
        self.metrics = metrics
        self.logging = logging
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case server, auth, rucio, metrics, logging
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        server = try container.decodeIfPresent(ServerSettings.self, forKey: .server) ?? .init()
        auth = try container.decodeIfPresent(AuthSettings.self, forKey: .auth) ?? .init()
        rucio = try container.decodeIfPresent(RucioSettings.self, forKey: .rucio) ?? .init()
        metrics = try container.decodeIfPresent(MetricsSettings.self, forKey: .metrics) ?? .init()
        logging = try container.decodeIfPresent(LoggingSettings.self, forKey: .logging) ?? .init()
    }
}

/// The HTTPS listener, its credentials and the DIRAC routes it serves.
public struct ServerSettings: Sendable, Hashable, Codable {
    public var host: String = "0.0.0.0"
    public var port: Int = 8443
    /// PEM host certificate (with its chain, if any) presented to clients.
    public var certificate: String? = "/etc/grid-security/hostcert.pem"
    public var privateKey: String? = "/etc/grid-security/hostkey.pem"
    /// Trusted CAs in OpenSSL's hashed layout (`<hash>.0`), as `/etc/grid-security/certificates`.
    public var caDirectory: String = "/etc/grid-security/certificates"
    /// How the CRLs (`<hash>.r0`) of the CA directory are used: `ifPresent` enforces the CRLs that are there,
    /// `require` also fails CAs without one, `ignore` skips them.
    public var crlPolicy: CRLPolicy = .ifPresent
    /// How often the CA directory is re-read, so that fetch-crl updates and new CAs take effect.
    public var caReloadSeconds: Int = 3600
    /// `<System>/<Component>` paths answered with the catalog (DIRAC clients post to whatever URL they are given).
    public var routes: [String] = ["DataManagement/FileCatalog"]
    /// Largest accepted request body (DIRAC sends every LFN of a bulk call in one body).
    public var maxRequestBytes: Int = 256 * 1024 * 1024
    /// Largest body once a gzip/deflate request body is inflated (a 200 KB gzip body can inflate to 200 MB).
    public var maxDecompressedBytes: Int = 256 * 1024 * 1024
    /// Longest LFN (UTF-8 bytes): longer ones fail on their own, without being normalised or checked.
    public var maxLFNLength: Int = 4096
    /// Most LFNs in one call's argument; more is an EINVAL S_ERROR for the call.
    public var maxLFNsPerCall: Int = 1_000_000
    /// Threads that decode and encode large calls (bodies of 256 KiB and more), off the threads that serve
    /// every other call, so that no small call waits behind another caller's big one.
    public var heavyCallThreads: Int = 2
    /// Gzip answers at least this large when the client accepts gzip (Tornado's `compress_response`); 0 turns it off.
    public var compressResponsesAbove: Int = 1024
    /// Keep-alive connections idle this long are closed.
    public var idleTimeoutSeconds: Int = 120
    /// A request's headers (and, for a new connection, the TLS handshake) must be complete this long after its
    /// first byte, or the connection is closed (slow clients hold connection slots otherwise).
    public var headerTimeoutSeconds: Int = 30
    /// A request body must keep arriving at least this fast, checked over 10 s windows; 0 turns the check off.
    public var minimumBodyBytesPerSecond: Int = 1024
    public var trustedFront: TrustedFrontSettings = .init()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, certificate, privateKey, caDirectory, crlPolicy, caReloadSeconds, routes, maxRequestBytes,
            maxDecompressedBytes, maxLFNLength, maxLFNsPerCall, heavyCallThreads, compressResponsesAbove,
            idleTimeoutSeconds, headerTimeoutSeconds, minimumBodyBytesPerSecond, trustedFront
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ServerSettings()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? d.port
        certificate = c.contains(.certificate) ? try c.decodeIfPresent(String.self, forKey: .certificate) : d.certificate
        privateKey = c.contains(.privateKey) ? try c.decodeIfPresent(String.self, forKey: .privateKey) : d.privateKey
        caDirectory = try c.decodeIfPresent(String.self, forKey: .caDirectory) ?? d.caDirectory
        crlPolicy = try c.decodeIfPresent(CRLPolicy.self, forKey: .crlPolicy) ?? d.crlPolicy
        caReloadSeconds = try c.decodeIfPresent(Int.self, forKey: .caReloadSeconds) ?? d.caReloadSeconds
        routes = try c.decodeIfPresent([String].self, forKey: .routes) ?? d.routes
        maxRequestBytes = try c.decodeIfPresent(Int.self, forKey: .maxRequestBytes) ?? d.maxRequestBytes
        maxDecompressedBytes = try c.decodeIfPresent(Int.self, forKey: .maxDecompressedBytes) ?? d.maxDecompressedBytes
        maxLFNLength = try c.decodeIfPresent(Int.self, forKey: .maxLFNLength) ?? d.maxLFNLength
        maxLFNsPerCall = try c.decodeIfPresent(Int.self, forKey: .maxLFNsPerCall) ?? d.maxLFNsPerCall
        heavyCallThreads = try c.decodeIfPresent(Int.self, forKey: .heavyCallThreads) ?? d.heavyCallThreads
        compressResponsesAbove = try c.decodeIfPresent(Int.self, forKey: .compressResponsesAbove) ?? d.compressResponsesAbove
        idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? d.idleTimeoutSeconds
        headerTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .headerTimeoutSeconds) ?? d.headerTimeoutSeconds
        minimumBodyBytesPerSecond =
            try c.decodeIfPresent(Int.self, forKey: .minimumBodyBytesPerSecond) ?? d.minimumBodyBytesPerSecond
        trustedFront = try c.decodeIfPresent(TrustedFrontSettings.self, forKey: .trustedFront) ?? d.trustedFront
    }
}

/// Balancer mode, as DIRAC's `/WebApp/Balancer`: a TLS-terminating front (nginx, Apache) verifies the client
/// and forwards its chain in `X-SSL-CERT` with `X-Ssl_client_verify: SUCCESS`. The gateway then listens in
/// plain HTTP, accepts those headers only from the listed front addresses, and verifies the forwarded chain
/// again against its own CA directory. Off by default.
public struct TrustedFrontSettings: Sendable, Hashable, Codable {
    public var enabled: Bool = false
    /// Source addresses of the front; requests from anywhere else are refused.
    public var allowedAddresses: [String] = ["127.0.0.1", "::1"]

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, allowedAddresses
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
        allowedAddresses = try c.decodeIfPresent([String].self, forKey: .allowedAddresses) ?? ["127.0.0.1", "::1"]
    }
}

/// The Prometheus endpoint (`GET /metrics`), on its own plain-HTTP listener so that it needs no client certificate.
public struct MetricsSettings: Sendable, Hashable, Codable {
    public var enabled: Bool = true
    public var host: String = "127.0.0.1"
    public var port: Int = 9464

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case enabled, host, port }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? "127.0.0.1"
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? 9464
    }
}

public struct LoggingSettings: Sendable, Hashable, Codable {
    /// swift-log level: trace, debug, info, notice, warning, error, critical.
    public var level: String = "info"

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case level }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decodeIfPresent(String.self, forKey: .level) ?? "info"
    }
}
