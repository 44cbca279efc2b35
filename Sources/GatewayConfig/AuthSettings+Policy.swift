import DIRACAuth

extension AuthSettings {
    /// The authorisation policy these settings describe.
    public var policy: AuthorizationPolicy {
        AuthorizationPolicy(
            users: users.map { AuthorizationPolicy.User(name: $0.name, dn: $0.dn, groups: $0.groups) },
            hosts: hosts.map { AuthorizationPolicy.Host(name: $0.name, dn: $0.dn, trusted: $0.trusted) },
            defaultGroup: defaultGroup,
            requireKnownUsers: requireKnownUsers,
            writeGroups: Set(writeGroups)
        )
    }
}
