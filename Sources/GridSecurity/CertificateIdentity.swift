#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who a verified client chain belongs to, in DIRAC's terms.
///
/// DIRAC identifies a caller by the DN of the *end-entity* certificate under its proxies, not by the
/// proxy's own subject (RFC 3820 §3.4: a proxy's subject is its issuer's subject plus one CN, so it
/// changes with every `dirac-proxy-init`). This mirrors DIRAC's `X509Chain`:
/// `getIssuerCert()`/`getCredentials()["identity"]` is the first non-proxy subject, `getDIRACGroup()`
/// the 1.2.42.42 extension of the proxies, `isLimitedProxy()` the Globus limited policy, and
/// `getRemainingSecs()` the shortest remaining validity over the chain.
///
/// Values are only produced from a chain that OpenSSL verified; tests and other modules may build
/// them directly with the memberwise initialiser.
public struct CertificateIdentity: Sendable, Hashable {
    /// DN of the first non-proxy certificate from the leaf (the user or host), in DIRAC's
    /// `/C=ch/O=CTAO/OU=DPPS Test/CN=testuser` form (OpenSSL's `X509_NAME_oneline`, as M2Crypto prints it).
    public var dn: String
    /// Subject of the presented leaf (the proxy itself, or `dn` when no proxy is used).
    public var leafSubject: String
    /// Issuer of the presented leaf.
    public var leafIssuer: String
    /// DIRAC group embedded by `dirac-proxy-init -g` (extension 1.2.42.42 of the first proxy, from the
    /// leaf, that carries it); `nil` for plain certificates and group-less proxies, in which case DIRAC
    /// falls back to the user's default group.
    public var diracGroup: String?
    /// The leaf is an RFC 3820 proxy certificate.
    public var isProxy: Bool
    /// Some proxy in the chain uses the Globus limited-proxy policy language
    /// (1.3.6.1.4.1.3536.1.1.1.9); DIRAC refuses limited proxies for most operations.
    public var isLimitedProxy: Bool
    /// Earliest `notAfter` of the verified chain (trust anchor included): the moment the credential as a
    /// whole stops being valid.
    public var notAfter: Date

    public init(
        dn: String, leafSubject: String, leafIssuer: String, diracGroup: String?,
        isProxy: Bool, isLimitedProxy: Bool, notAfter: Date
    ) {
        self.dn = dn
        self.leafSubject = leafSubject
        self.leafIssuer = leafIssuer
        self.diracGroup = diracGroup
        self.isProxy = isProxy
        self.isLimitedProxy = isLimitedProxy
        self.notAfter = notAfter
    }

    /// Whole seconds of validity left at `now` (never negative): DIRAC's `secondsLeft`.
    public func secondsLeft(at now: Date = Date()) -> Int {
        max(0, Int(notAfter.timeIntervalSince(now).rounded(.down)))
    }
}
