/// Who a call runs as, after DIRAC's rules: DIRAC's `credDict` (`DIRAC/Core/DISET/AuthManager.py`).
public struct Caller: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A user, with a proxy or a plain user certificate.
        case user
        /// A DIRAC service or agent with its host certificate (`extraCredentials = "hosts"`).
        case host
    }

    public var kind: Kind
    /// The DN the call runs as (the delegated user's DN for delegated calls).
    public var dn: String
    /// The DIRAC group the call runs as (`hosts` for hosts).
    public var group: String
    /// The DIRAC user or host name, when the configuration knows the DN.
    public var username: String?
    /// DIRAC properties (e.g. `TrustedHost`).
    public var properties: [String]
    /// The connection's own identity, kept for `whoami` and the logs.
    public var peer: AuthenticatedPeer
    /// DN of the trusted host that delegated this call, if any.
    public var delegatedBy: String?

    public init(
        kind: Kind, dn: String, group: String, username: String?, properties: [String], peer: AuthenticatedPeer,
        delegatedBy: String? = nil
    ) {
        self.kind = kind
        self.dn = dn
        self.group = group
        self.username = username
        self.properties = properties
        self.peer = peer
        self.delegatedBy = delegatedBy
    }

    /// `DN@group` (host: `DN@hosts`), the way DIRAC's logs show a caller.
    public var logDescription: String {
        delegatedBy.map { "\(dn)@\(group) (via \($0))" } ?? "\(dn)@\(group)"
    }
}
