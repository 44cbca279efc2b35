/// Problems with the inputs of the verifier itself — as opposed to ``ChainVerificationError``, which
/// is the verdict on a client's chain. These are configuration or parsing errors that the gateway
/// reports to an operator (bad CA directory) or to a client (unreadable PEM in a header).
public enum GridSecurityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The CA directory is missing, not a directory, unreadable, or cannot be used by OpenSSL.
    case unusableCADirectory(path: String, reason: String)
    /// A PEM text holds no certificate, or a damaged one.
    case invalidPEM(reason: String)
    /// A DER blob is not exactly one X.509 certificate, or one of its DIRAC fields is malformed.
    case invalidCertificate(reason: String)

    public var description: String {
        switch self {
        case let .unusableCADirectory(_, reason): "unusable CA directory: \(reason)"  // reason names the path
        case let .invalidPEM(reason): "invalid PEM: \(reason)"
        case let .invalidCertificate(reason): "invalid certificate: \(reason)"
        }
    }
}
