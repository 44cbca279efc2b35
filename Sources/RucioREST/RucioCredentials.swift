import Synchronization

/// The identity a `RucioClient` authenticates with; the token it obtains is for one *account*
/// (`X-Rucio-Account`), so one identity mapped to several accounts gives one token per account.
public enum RucioCredentials: Sendable {
    /// `GET /auth/userpass` with `X-Rucio-Username` and `X-Rucio-Password` (the password travels in
    /// clear text in a header: use https outside loopback).
    case userpass(username: String, password: String)
    /// `GET /auth/x509_proxy` with a TLS client certificate. A grid proxy file (proxy certificate,
    /// its key, then the user certificate) serves as both certificate and key: leave `keyFile`
    /// nil. Rucio takes the DN from the verified chain and strips the proxy's `/CN=<digits>`
    /// itself. Needs an https auth URL on a server that asks for client certificates.
    case x509(certificateFile: String, keyFile: String? = nil)
    /// A bearer token (an OIDC JWT) obtained elsewhere, sent as `X-Rucio-Auth-Token` — Rucio has no
    /// `Authorization: Bearer` support; it validates a three-part token against its configured
    /// issuers and maps `SUB=…, ISS=…` to that identity's default account. The provider is asked
    /// again when the token's `exp` is near and after a 401 `CannotAuthenticate`.
    case tokenProvider(RucioTokenProvider)

    /// What distinguishes two credentials for token caching (never the secret itself).
    var cacheKey: String {
        switch self {
        case .userpass(let username, _): "userpass:\(username)"
        case .x509(let certificate, let key): "x509:\(certificate)|\(key ?? "")"
        case .tokenProvider(let provider): "token:\(provider.serial)"
        }
    }

    /// The TLS client identity requests made with these credentials present.
    var clientCertificate: RucioClientCertificate? {
        if case .x509(let certificate, let key) = self {
            return RucioClientCertificate(certificateFile: certificate, keyFile: key)
        }
        return nil
    }
}

/// Supplies bearer tokens (JWTs) for `RucioCredentials.tokenProvider`.
///
/// A class so that two providers are told apart by identity: each has its own token cache.
public final class RucioTokenProvider: Sendable {
    let fetch: @Sendable (_ account: String) async throws -> String
    /// Unique for the process's lifetime (an address could be reused by a later provider).
    let serial: Int

    private static let counter = Atomic<Int>(0)

    /// `fetch` receives the account the token is wanted for and returns the token text. It is
    /// called only when the client holds no usable token for that account, one call at a time per
    /// account. Errors it throws surface as `RucioError.authentication`.
    public init(_ fetch: @escaping @Sendable (_ account: String) async throws -> String) {
        self.fetch = fetch
        serial = Self.counter.add(1, ordering: .relaxed).newValue
    }
}

/// A PEM client certificate (and key) presented in the TLS handshake.
public struct RucioClientCertificate: Sendable, Hashable {
    public var certificateFile: String
    /// Nil: the key is in `certificateFile` (a grid proxy).
    public var keyFile: String?

    public init(certificateFile: String, keyFile: String? = nil) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}
