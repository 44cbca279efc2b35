#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import ProxyVerifyShim

/// Fields of a single certificate, read by OpenSSL *without verifying anything*.
///
/// Why: tests, diagnostics and the CLI need to say what a proxy file contains (its subject, DIRAC
/// group, validity) before or regardless of verification. Never use it to make an authorisation
/// decision — that is what ``ProxyChainVerifier`` returns ``CertificateIdentity`` for.
public struct CertificateDetails: Sendable, Hashable {
    /// Subject in DIRAC's `/C=../CN=..` form.
    public var subject: String
    public var issuer: String
    /// Serial number in decimal (the CN that `dirac-proxy-init` appends to a proxy's subject).
    public var serialNumber: String
    /// Extension 1.2.42.42, if present.
    public var diracGroup: String?
    /// Carries an RFC 3820 proxyCertInfo extension.
    public var isProxy: Bool
    /// A proxy with the Globus limited-proxy policy language.
    public var isLimitedProxy: Bool
    public var notBefore: Date
    public var notAfter: Date

    /// Reads one DER certificate.
    /// - Throws: ``GridSecurityError/invalidCertificate(reason:)`` if `der` is not exactly one
    ///   certificate or its DIRAC group extension is malformed.
    public init(der: [UInt8]) throws(GridSecurityError) {
        var info = pv_cert_info()
        defer { pv_cert_info_clear(&info) }
        let (ok, message) = withShimErrorBuffer { err, errLength in
            der.withUnsafeBufferPointer { pv_cert_info_read($0.baseAddress, $0.count, &info, err, errLength) }
        }
        guard ok == 1 else { throw .invalidCertificate(reason: message) }
        subject = shimString(info.subject) ?? ""
        issuer = shimString(info.issuer) ?? ""
        serialNumber = shimString(info.serial) ?? ""
        diracGroup = shimString(info.dirac_group)
        isProxy = info.is_proxy != 0
        isLimitedProxy = info.is_limited_proxy != 0
        notBefore = Date(timeIntervalSince1970: TimeInterval(info.not_before))
        notAfter = Date(timeIntervalSince1970: TimeInterval(info.not_after))
    }
}
