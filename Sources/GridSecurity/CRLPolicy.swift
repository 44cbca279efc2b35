internal import ProxyVerifyShim

/// How the CRLs (`<hash>.r0`) of the CA directory are used when verifying client chains.
public enum CRLPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// CRLs are not consulted.
    case ignore
    /// A CA's CRL is enforced when the directory holds one (revoked certificates and expired or badly
    /// signed CRLs fail); a CA without a CRL is accepted. The usual grid behaviour, and the default.
    case ifPresent
    /// Every non-proxy certificate must be covered by a valid CRL of its issuer (fail closed).
    case require

    var shimValue: Int32 {
        switch self {
        case .ignore: Int32(PV_CRL_IGNORE)
        case .require: Int32(PV_CRL_REQUIRE)
        case .ifPresent: Int32(PV_CRL_IF_PRESENT)
        }
    }
}
