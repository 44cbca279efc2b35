/// What the transport proved about the party on the other end of the connection, before any DIRAC rule applies.
///
/// Filled from a verified X.509 chain (the TLS handshake, or a trusted TLS-terminating front); a bearer token
/// will fill it the same way once tokens are enabled.
public struct AuthenticatedPeer: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        /// Client certificate chain checked by the gateway itself during the TLS handshake.
        case tls
        /// Client certificate chain checked by a trusted front and forwarded in `X-SSL-CERT`.
        case trustedFront
        /// `Authorization: Bearer` (reserved: not enabled yet).
        case bearerToken
    }

    /// The identity DN in DIRAC's `/C=…/O=…/CN=…` form: the subject of the first non-proxy certificate.
    public var dn: String
    /// Subject and issuer of the certificate actually presented (the proxy, for proxies).
    public var subject: String
    public var issuer: String
    /// The DIRAC group in the proxy's 1.2.42.42 extension, if any.
    public var groupInCertificate: String?
    public var isProxy: Bool
    public var isLimitedProxy: Bool
    /// Earliest expiry in the chain, seconds since the Unix epoch (DIRAC's `secondsLeft` derives from it).
    public var notAfter: Int64
    public var method: Method

    public init(
        dn: String, subject: String, issuer: String, groupInCertificate: String?, isProxy: Bool,
        isLimitedProxy: Bool, notAfter: Int64, method: Method
    ) {
        self.dn = dn
        self.subject = subject
        self.issuer = issuer
        self.groupInCertificate = groupInCertificate
        self.isProxy = isProxy
        self.isLimitedProxy = isLimitedProxy
        self.notAfter = notAfter
        self.method = method
    }
}
