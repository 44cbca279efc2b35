import DIRACWire

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
    /// Whether the Registry vouches for this identity in this group, or the caller is DIRAC's `visitor`.
    public var standing: Standing

    public init(
        kind: Kind, dn: String, group: String, username: String?, properties: [String], peer: AuthenticatedPeer,
        delegatedBy: String? = nil, standing: Standing = .registered
    ) {
        self.kind = kind
        self.dn = dn
        self.group = group
        self.username = username
        self.properties = properties
        self.peer = peer
        self.delegatedBy = delegatedBy
        self.standing = standing
    }

    /// DIRAC's `AuthManager` outcome for the identity, before any method rule.
    public enum Standing: Sendable, Hashable {
        /// The Registry lists the DN, and the user as a member of the group (or the DN as a host).
        case registered
        /// DIRAC's `visitor` (username `anonymous`): the identity is not vouched for, for this reason.
        case visitor(VisitorReason)
    }

    /// Why a verified certificate is only a visitor.
    public enum VisitorReason: Sendable, Hashable, CustomStringConvertible {
        /// No user in the Registry has this DN.
        case unknownDN(String)
        /// The Registry knows the DN as `user`, but `group` does not list that user.
        case notAMember(dn: String, user: String, group: String)
        /// The user has no group at all (`findDefaultGroupForUser` fails) and the proxy names none.
        case noGroup(dn: String, user: String)
        /// The user is suspended in the VO of the group.
        case suspended(user: String, group: String)
        /// `extraCredentials "hosts"` (or group `hosts`) from a DN that is not a registered host.
        case unknownHost(String)

        /// Only an unknown DN may be let in read-only by the operator's opt-in.
        public var isUnknownDN: Bool {
            if case .unknownDN = self { return true }
            return false
        }

        public var description: String {
            switch self {
            case .unknownDN(let dn): "DN \(LogText.safe(dn)) is not registered in the DIRAC Registry"
            case .notAMember(let dn, let user, let group):
                "DN \(LogText.safe(dn)) (user \(LogText.safe(user))) is not a member of group \(LogText.safe(group))"
            case .noGroup(let dn, let user):
                "DN \(LogText.safe(dn)) (user \(LogText.safe(user))) has no DIRAC group: the proxy names none and the user belongs to none"
            case .suspended(let user, let group): "user \(LogText.safe(user)) is suspended in the VO of group \(LogText.safe(group))"
            case .unknownHost(let dn): "DN \(LogText.safe(dn)) is not a registered host"
            }
        }
    }

    /// `DN@group` (host: `DN@hosts`), the way DIRAC's logs show a caller.
    /// Control characters escaped and length bounded (`LogText`): a delegated DN is whatever the host sent.
    public var logDescription: String {
        let me = "\(LogText.safe(dn))@\(LogText.safe(group))"
        return delegatedBy.map { "\(me) (via \(LogText.safe($0)))" } ?? me
    }
}
