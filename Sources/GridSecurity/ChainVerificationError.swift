internal import ProxyVerifyShim

/// Why a client chain was refused.
///
/// Carries OpenSSL's own verdict (`X509_STORE_CTX_get_error`, its text and the depth of the offending
/// certificate, 0 being the leaf) so operators see the same words as `openssl verify` prints, plus a
/// ``Kind`` so callers can map the failure to a DIRAC error without knowing OpenSSL's constants.
public struct ChainVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad classes of failure.
    public enum Kind: Sendable, Hashable {
        /// A presented element is not a DER certificate, or a DIRAC extension is malformed.
        case malformed
        /// The client presented no certificate.
        case emptyChain
        /// The chain does not lead to a CA of the trusted directory.
        case untrustedIssuer
        /// A signature does not match (e.g. a proxy forged in its issuer's name).
        case badSignature
        case expired
        case notYetValid
        case revoked
        /// CRL checking is on, but no valid CRL covers a certificate of the chain.
        case revocationUnknown
        /// An RFC 3820 rule is broken: proxy subject naming or proxy path length.
        case proxyViolation
        /// Key usage, purpose or CA constraints forbid this use of a certificate.
        case unsuitable
        /// The verifier itself failed (allocation, library error).
        case internalError
        /// Any other OpenSSL verification error; see ``code`` and ``message``.
        case other
    }

    public var kind: Kind
    /// OpenSSL `X509_V_ERR_*` value (> 0), or a shim code (< 0) for failures before OpenSSL ran.
    public var code: Int
    /// Human-readable reason, OpenSSL's `X509_verify_cert_error_string` where it applies.
    public var message: String
    /// Index of the offending certificate in the chain, 0 being the leaf.
    public var depth: Int
    /// Subject of the offending certificate, when OpenSSL knew which one it was.
    public var subject: String?

    public init(kind: Kind, code: Int, message: String, depth: Int, subject: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.depth = depth
        self.subject = subject
    }

    public var description: String {
        var text = "certificate chain refused at depth \(depth)"
        if let subject { text += " (\(subject))" }
        return text + ": \(message) [\(code < 0 ? "shim" : "X509_V_ERR") \(code)]"
    }
}

extension ChainVerificationError.Kind {
    /// Maps the shim's `PV_KIND_*` classification.
    init(shimKind: Int32) {
        switch shimKind {
        case PV_KIND_MALFORMED: self = .malformed
        case PV_KIND_EMPTY_CHAIN: self = .emptyChain
        case PV_KIND_UNTRUSTED_ISSUER: self = .untrustedIssuer
        case PV_KIND_BAD_SIGNATURE: self = .badSignature
        case PV_KIND_EXPIRED: self = .expired
        case PV_KIND_NOT_YET_VALID: self = .notYetValid
        case PV_KIND_REVOKED: self = .revoked
        case PV_KIND_REVOCATION_UNKNOWN: self = .revocationUnknown
        case PV_KIND_PROXY_VIOLATION: self = .proxyViolation
        case PV_KIND_UNSUITABLE: self = .unsuitable
        case PV_KIND_INTERNAL: self = .internalError
        default: self = .other
        }
    }
}
