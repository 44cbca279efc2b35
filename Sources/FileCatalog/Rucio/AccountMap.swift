import DIRACAuth

/// Which Rucio account the gateway acts as for a caller (`X-Rucio-Account`), from `rucio.accounts`: the
/// caller's DN first (`users`), then its DIRAC group (`groups`), then `default`. Rucio's permissions then
/// apply to that account, so a caller never gets more than the account it maps to may do.
public struct AccountMap: Sendable, Hashable {
    public var defaultAccount: String?
    public var groups: [String: String]
    public var users: [String: String]

    public init(defaultAccount: String? = nil, groups: [String: String] = [:], users: [String: String] = [:]) {
        self.defaultAccount = defaultAccount
        self.groups = groups
        self.users = users
    }

    public func account(for caller: Caller) -> String? {
        users[caller.dn] ?? groups[caller.group] ?? defaultAccount
    }

    /// The DIRAC group shown as `OwnerGroup` of what a Rucio account owns: the first (sorted) group mapped
    /// to it, else the account name (Rucio has no groups).
    public func ownerGroup(ofAccount account: String) -> String {
        groups.filter { $0.value == account }.keys.sorted().first ?? account
    }
}
