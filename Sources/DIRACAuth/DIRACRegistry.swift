/// The part of DIRAC's Registry (`/Registry` in the Configuration Service) that decides who a caller is:
/// users and their DNs, groups and their members and properties, hosts and their DNs and properties, and the
/// registry-wide default groups.
///
/// Lookups follow `DIRAC/ConfigurationSystem/Client/Helpers/Registry.py` exactly: a DN belongs to the first user
/// (in section order) whose `DN` list holds it, a user's groups are the groups whose `Users` list names them, and
/// the default group is `findDefaultGroupForUser` (the user's `DefaultGroup`, then `/Registry/DefaultGroup`,
/// then the user's first group).
public struct DIRACRegistry: Sendable, Hashable {
    /// `/Registry/Users/<name>`.
    public struct User: Sendable, Hashable {
        public var name: String
        /// `DN`: DIRAC users may have several certificates.
        public var dns: [String]
        /// The user's own `DefaultGroup` option, tried before the registry-wide default groups.
        public var defaultGroups: [String]
        /// `Suspended`: the VOs in which the user is suspended (DIRAC's `AuthManager.isUserSuspended`).
        public var suspendedVOs: [String]

        public init(name: String, dns: [String], defaultGroups: [String] = [], suspendedVOs: [String] = []) {
            self.name = name
            self.dns = dns
            self.defaultGroups = defaultGroups
            self.suspendedVOs = suspendedVOs
        }
    }

    /// `/Registry/Groups/<name>`.
    public struct Group: Sendable, Hashable {
        public var name: String
        /// `Users`: the members, by user name.
        public var users: [String]
        public var properties: [String]
        /// `VOName`, used for `Suspended`.
        public var vo: String?

        public init(name: String, users: [String], properties: [String] = [], vo: String? = nil) {
            self.name = name
            self.users = users
            self.properties = properties
            self.vo = vo
        }
    }

    /// `/Registry/Hosts/<name>`.
    public struct Host: Sendable, Hashable {
        public var name: String
        public var dns: [String]
        /// For example `TrustedHost`, which lets the host call on behalf of users.
        public var properties: [String]

        public init(name: String, dns: [String], properties: [String] = []) {
            self.name = name
            self.dns = dns
            self.properties = properties
        }
    }

    /// DIRAC's `/Registry/DefaultGroup` when the section does not set it.
    public static let diracDefaultGroups = ["user"]

    public private(set) var users: [User]
    public private(set) var groups: [Group]
    public private(set) var hosts: [Host]
    /// `/Registry/DefaultGroup`.
    public private(set) var defaultGroups: [String]

    private var userIndexByDN: [String: Int] = [:]
    private var hostIndexByDN: [String: Int] = [:]
    private var groupIndexByName: [String: Int] = [:]
    private var membersByGroup: [String: Set<String>] = [:]

    public init(users: [User] = [], groups: [Group] = [], hosts: [Host] = [], defaultGroups: [String] = diracDefaultGroups) {
        self.users = users
        self.groups = groups
        self.hosts = hosts
        self.defaultGroups = defaultGroups
        // First match in section order wins, as getUsernameForDN / getHostnameForDN iterate the sections.
        for (index, user) in users.enumerated() {
            for dn in user.dns where userIndexByDN[Self.normalized(dn)] == nil {
                userIndexByDN[Self.normalized(dn)] = index
            }
        }
        for (index, host) in hosts.enumerated() {
            for dn in host.dns where hostIndexByDN[Self.normalized(dn)] == nil {
                hostIndexByDN[Self.normalized(dn)] = index
            }
        }
        for (index, group) in groups.enumerated() where groupIndexByName[group.name] == nil {
            groupIndexByName[group.name] = index
            membersByGroup[group.name] = Set(group.users)
        }
    }

    /// `getUsernameForDN` (the DN is stripped, as DIRAC strips it).
    public func user(forDN dn: String) -> User? {
        userIndexByDN[Self.normalized(dn)].map { users[$0] }
    }

    /// `getHostnameForDN`.
    public func host(forDN dn: String) -> Host? {
        hostIndexByDN[Self.normalized(dn)].map { hosts[$0] }
    }

    public func group(named name: String) -> Group? {
        groupIndexByName[name].map { groups[$0] }
    }

    /// `getGroupsForUser`: the groups naming the user in `Users`, in section order.
    public func groupNames(ofUser name: String) -> [String] {
        groups.filter { membersByGroup[$0.name]?.contains(name) == true }.map(\.name)
    }

    /// Whether `getUsersInGroup(group)` names the user.
    public func isMember(user name: String, of group: String) -> Bool {
        membersByGroup[group]?.contains(name) == true
    }

    /// `findDefaultGroupForUser`: the first of the user's `DefaultGroup` and then `/Registry/DefaultGroup` that the
    /// user belongs to, else the user's first group; nil when the user has no group.
    public func defaultGroup(ofUser user: User) -> String? {
        let mine = groupNames(ofUser: user.name)
        return (user.defaultGroups + defaultGroups).first { mine.contains($0) } ?? mine.first
    }

    /// Whether the user is suspended in the VO of the group (`AuthManager.isUserSuspended`).
    public func isSuspended(_ user: User, inGroup group: String) -> Bool {
        guard !user.suspendedVOs.isEmpty, let vo = self.group(named: group)?.vo else { return false }
        return user.suspendedVOs.contains(vo)
    }

    /// This registry with `local`'s entries laid over it, to add the gateway's own configuration to the Registry
    /// read from DIRAC's Configuration Service: a user or host of the same name in `local` replaces this one's; a
    /// group of the same name gains `local`'s members and properties (a user listed in the file with group
    /// `ctao_production` must not drop that group's other members); `local`'s default groups win when it sets any.
    public func overlaid(with local: DIRACRegistry, localSetsDefaultGroups: Bool) -> DIRACRegistry {
        func overlay<T>(_ base: [T], _ top: [T], name: (T) -> String) -> [T] {
            let replaced = Set(top.map(name))
            return base.filter { !replaced.contains(name($0)) } + top
        }
        func union(_ first: [String], _ second: [String]) -> [String] {
            first + second.filter { !first.contains($0) }
        }
        let localGroups = Dictionary(local.groups.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let baseNames = Set(groups.map(\.name))
        let mergedGroups =
            groups.map { group -> Group in
                guard let extra = localGroups[group.name] else { return group }
                return Group(
                    name: group.name, users: union(group.users, extra.users),
                    properties: union(group.properties, extra.properties), vo: group.vo ?? extra.vo)
            } + local.groups.filter { !baseNames.contains($0.name) }
        return DIRACRegistry(
            users: overlay(users, local.users, name: \.name),
            groups: mergedGroups,
            hosts: overlay(hosts, local.hosts, name: \.name),
            defaultGroups: localSetsDefaultGroups ? local.defaultGroups : defaultGroups)
    }

    /// Counts for logs and metrics.
    public var summary: String { "\(users.count) users, \(groups.count) groups, \(hosts.count) hosts" }

    private static func normalized(_ dn: String) -> String {
        var view = Substring(dn)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }

    public static func == (lhs: DIRACRegistry, rhs: DIRACRegistry) -> Bool {
        lhs.users == rhs.users && lhs.groups == rhs.groups && lhs.hosts == rhs.hosts
            && lhs.defaultGroups == rhs.defaultGroups
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(users)
        hasher.combine(groups)
        hasher.combine(hosts)
        hasher.combine(defaultGroups)
    }
}
