import DIRACAuth

extension AuthSettings {
    /// The gateway's rules these settings describe.
    public var policy: AuthorizationPolicy {
        AuthorizationPolicy(writeGroups: Set(writeGroups), unknownDNs: unknownDNs)
    }

    /// The Registry entries of the configuration file, in DIRAC's shape: a user's `groups` make the user a member
    /// of each (the first becomes the user's `DefaultGroup`), `auth.groups` adds members and properties, and a
    /// `trusted` host has the `TrustedHost` property.
    public var localRegistry: DIRACRegistry {
        var groupOrder: [String] = []
        var members: [String: [String]] = [:]
        var properties: [String: [String]] = [:]
        func note(_ group: String) {
            if members[group] == nil {
                groupOrder.append(group)
                members[group] = []
            }
        }
        for group in groups {
            note(group.name)
            members[group.name, default: []] += group.users
            properties[group.name, default: []] += group.properties
        }
        for user in users {
            for group in user.groups {
                note(group)
                if !members[group, default: []].contains(user.name) { members[group, default: []].append(user.name) }
            }
        }
        return DIRACRegistry(
            users: users.map { .init(name: $0.name, dns: $0.dns, defaultGroups: Array($0.groups.prefix(1))) },
            groups: groupOrder.map { .init(name: $0, users: members[$0] ?? [], properties: properties[$0] ?? []) },
            hosts: hosts.map { host in
                .init(
                    name: host.name, dns: host.dns,
                    properties: host.properties
                        + (host.trusted && !host.properties.contains(CallerResolver.trustedHostProperty)
                            ? [CallerResolver.trustedHostProperty] : []))
            },
            defaultGroups: defaultGroup ?? DIRACRegistry.diracDefaultGroups)
    }
}
