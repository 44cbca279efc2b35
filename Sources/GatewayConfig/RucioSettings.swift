/// The Rucio server the catalog is served from, how the gateway logs in, and how DIRAC names and callers map
/// onto Rucio's (scopes, accounts, RSEs).
public struct RucioSettings: Sendable, Hashable, Codable {
    /// How the gateway authenticates to Rucio. The identity must be mapped in Rucio to every account in
    /// `accounts` (`rucio-admin identity add`), since each call asks for a token of its caller's account.
    public struct Authentication: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// `/auth/userpass` with `username` and `password` (or `passwordFile`).
            case userpass
            /// `/auth/x509_proxy` with `certificate` (and `key`), e.g. the gateway's host certificate or a proxy.
            case x509
            /// An OIDC token read from `tokenFile` before each login, sent as `X-Rucio-Auth-Token`.
            case token
        }

        public var type: Kind = .userpass
        public var username: String?
        public var password: String?
        /// A file holding the password (first line), instead of `password`.
        public var passwordFile: String?
        public var certificate: String?
        public var key: String?
        public var tokenFile: String?

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case type, username, password, passwordFile, certificate, key, tokenFile
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeIfPresent(Kind.self, forKey: .type) ?? .userpass
            username = try c.decodeIfPresent(String.self, forKey: .username)
            password = try c.decodeIfPresent(String.self, forKey: .password)
            passwordFile = try c.decodeIfPresent(String.self, forKey: .passwordFile)
            certificate = try c.decodeIfPresent(String.self, forKey: .certificate)
            key = try c.decodeIfPresent(String.self, forKey: .key)
            tokenFile = try c.decodeIfPresent(String.self, forKey: .tokenFile)
        }
    }

    /// Which Rucio account a call runs as (`X-Rucio-Account`), so that Rucio's own permissions apply.
    public struct Accounts: Sendable, Hashable, Codable {
        /// For callers whose DIRAC group is not listed in `groups`; nil refuses them.
        public var `default`: String?
        /// DIRAC group → Rucio account.
        public var groups: [String: String] = [:]
        /// Caller DN → Rucio account; wins over the group (a person with their own Rucio account).
        public var users: [String: String] = [:]

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable { case `default`, groups, users }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            `default` = try c.decodeIfPresent(String.self, forKey: .default)
            groups = try c.decodeIfPresent([String: String].self, forKey: .groups) ?? [:]
            users = try c.decodeIfPresent([String: String].self, forKey: .users) ?? [:]
        }

        /// The account for a DIRAC group.
        public func account(forGroup group: String) -> String? {
            groups[group] ?? `default`
        }
    }

    /// REST API base URL, e.g. `https://rucio.example.org`. Nil: no Rucio, catalog methods answer 501.
    public var url: String?
    /// Authentication endpoint when separate from `url`.
    public var authURL: String?
    /// Sent as `X-Rucio-VO` when set (multi-VO servers).
    public var vo: String?
    /// CA directory for an https Rucio (hashed layout); nil uses the system trust store.
    public var caDirectory: String?
    /// Limit on each Rucio request (a DIRAC client gives up after 120 s).
    public var timeoutSeconds: Int = 30
    public var auth: Authentication = .init()
    /// LFN → scope: `ctao_bdms` (CTAO's policy package), `dirac` (Rucio's) or `def` (Rucio's default).
    /// Must be the algorithm the Rucio server itself uses.
    public var scopeAlgorithm: String = "ctao_bdms"
    public var accounts: Accounts = .init()
    /// DIRAC SE name → RSE name where they differ (identity otherwise, as CTADIRAC's Rucio2CSAgent sets up).
    public var storageElements: [String: String] = [:]
    /// How DIRAC's metadata catalog is kept in Rucio.
    public var metadata: MetadataSettings = .init()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, authURL, vo, caDirectory, timeoutSeconds, auth, scopeAlgorithm, accounts, storageElements, metadata
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        authURL = try c.decodeIfPresent(String.self, forKey: .authURL)
        vo = try c.decodeIfPresent(String.self, forKey: .vo)
        caDirectory = try c.decodeIfPresent(String.self, forKey: .caDirectory)
        timeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? 30
        auth = try c.decodeIfPresent(Authentication.self, forKey: .auth) ?? .init()
        scopeAlgorithm = try c.decodeIfPresent(String.self, forKey: .scopeAlgorithm) ?? "ctao_bdms"
        accounts = try c.decodeIfPresent(Accounts.self, forKey: .accounts) ?? .init()
        storageElements = try c.decodeIfPresent([String: String].self, forKey: .storageElements) ?? [:]
        metadata = try c.decodeIfPresent(MetadataSettings.self, forKey: .metadata) ?? .init()
    }
}
