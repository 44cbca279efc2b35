/// The part of DIRAC's Registry and service authorisation the gateway needs, from its configuration:
/// which DNs are users (and in which DIRAC groups), which are hosts (and which of them are trusted to act
/// for users), and which groups may write to the catalog.
public struct AuthorizationPolicy: Sendable, Hashable {
    public struct User: Sendable, Hashable {
        public var name: String
        public var dn: String
        /// Groups the user may act in; the first is the default (DIRAC's `DefaultGroup` of the user).
        public var groups: [String]

        public init(name: String, dn: String, groups: [String]) {
            self.name = name
            self.dn = dn
            self.groups = groups
        }
    }

    public struct Host: Sendable, Hashable {
        public var name: String
        public var dn: String
        /// DIRAC's `TrustedHost` property: may delegate `[DN, group]` in `extraCredentials`.
        public var trusted: Bool

        public init(name: String, dn: String, trusted: Bool) {
            self.name = name
            self.dn = dn
            self.trusted = trusted
        }
    }

    public var users: [User]
    public var hosts: [Host]
    /// Group for a user whose proxy has no group and who is not listed with groups (DIRAC's `/Registry/DefaultGroup`).
    public var defaultGroup: String?
    /// Refuse DNs that are not listed under `users` (DIRAC refuses unknown DNs for `authenticated` methods).
    public var requireKnownUsers: Bool
    /// DIRAC groups allowed to call write methods. Empty: the catalog is read-only for everybody.
    public var writeGroups: Set<String>

    public init(
        users: [User] = [], hosts: [Host] = [], defaultGroup: String? = nil, requireKnownUsers: Bool = false,
        writeGroups: Set<String> = []
    ) {
        self.users = users
        self.hosts = hosts
        self.defaultGroup = defaultGroup
        self.requireKnownUsers = requireKnownUsers
        self.writeGroups = writeGroups
    }

    func user(dn: String) -> User? { users.first { $0.dn == dn } }
    func host(dn: String) -> Host? { hosts.first { $0.dn == dn } }

    /// Whether a caller may use catalog write methods.
    public func mayWrite(_ caller: Caller) -> Bool {
        writeGroups.contains(caller.group)
    }
}
