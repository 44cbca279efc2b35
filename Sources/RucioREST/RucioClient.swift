import CurlHTTP
import GatewayJSON
import Logging
import Synchronization

/// A client of Rucio's REST API.
///
/// One instance serves the whole process: it is `Sendable`, holds the keep-alive connections
/// (through its transport) and one token cache per account. Calls are made for an account:
///
/// ```swift
/// let client = RucioClient(
///     configuration: RucioConfiguration(baseURL: "https://rucio.example.org"),
///     credentials: .userpass(username: "dirac", password: secret))
/// let rucio = client.account("dirac")
/// try await rucio.bulkMetadata(for: dids, plugin: .didColumn) { record in … }
/// ```
///
/// Every call:
/// - carries a token obtained for its account (`X-Rucio-Account` on the auth request; Rucio takes
///   the account from the token afterwards) and `X-Rucio-VO` when configured;
/// - re-authenticates once, and retries once, when Rucio answers 401 with ExceptionClass
///   `CannotAuthenticate` (an expired or revoked token). A 401 `AccessDenied` is a permission
///   error: it is thrown, never retried;
/// - if idempotent, is retried on transient failures (`RucioRetryPolicy`);
/// - fails with a `RucioError`.
public final class RucioClient: Sendable {
    public let configuration: RucioConfiguration
    /// The identity sessions use unless given their own.
    public let credentials: RucioCredentials
    let transport: any RucioTransport
    let logger: Logger
    private let caches = Mutex<[String: TokenCache]>([:])

    /// - Parameters:
    ///   - transport: nil for the live libcurl transport built from `configuration`; a
    ///     `ReplayTransport` in unit tests, a `RecordingTransport` to record fixtures.
    public init(
        configuration: RucioConfiguration, credentials: RucioCredentials, transport: (any RucioTransport)? = nil,
        logger: Logger = Logger(label: "RucioREST")
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.transport = transport ?? CurlRucioTransport(configuration: configuration)
        self.logger = logger
    }

    /// Calls made for `account`. Cheap: create one per call if convenient; the token cache
    /// lives in the client and is shared by every session of the same account and identity.
    ///
    /// - Parameter credentials: the identity for this account when it differs from the client's
    ///   (a separate userpass login or token provider per account). x509 credentials need an
    ///   https server; each certificate gets its own connections.
    public func account(_ name: String, credentials: RucioCredentials? = nil) -> RucioAccountSession {
        RucioAccountSession(client: self, account: name, credentials: credentials ?? self.credentials)
    }

    /// `GET /ping`: the server's version (`{"version": "41.5.1"}`); needs no token.
    public func ping() async throws(RucioError) -> String {
        let call = RucioCall(method: .get, path: "/ping", idempotent: true, authenticated: false)
        let document = try await collectJSON(call, session: nil)
        guard let version = document["version"]?.stringValue else {
            throw .invalidResponse(RucioInvalidResponse(
                method: "GET", path: "/ping", status: 200, reason: "no version in \(document.serializedString())"))
        }
        return version
    }

    /// Authentications performed so far for `account` with `credentials` (the client's if nil).
    /// For tests and diagnostics.
    public func authenticationCount(account: String, credentials: RucioCredentials? = nil) async -> Int {
        let key = Self.cacheKey(account: account, credentials: credentials ?? self.credentials)
        guard let cache = caches.withLock({ $0[key] }) else { return 0 }
        return await cache.authentications
    }

    // MARK: Tokens

    func tokenCache(for session: RucioAccountSession) -> TokenCache {
        let key = Self.cacheKey(account: session.account, credentials: session.credentials)
        return caches.withLock { caches in
            if let cache = caches[key] { return cache }
            let account = session.account
            let credentials = session.credentials
            // Weak: the client owns the cache, the cache must not own the client.
            let cache = TokenCache(refreshMargin: configuration.tokenRefreshMargin) { [weak self] in
                guard let self else { return .failure(.cancelled) }
                return await self.authenticate(account: account, credentials: credentials)
            }
            caches[key] = cache
            return cache
        }
    }

    private static func cacheKey(account: String, credentials: RucioCredentials) -> String {
        "\(account)\u{0}\(credentials.cacheKey)"
    }
}
