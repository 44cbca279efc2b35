/// The gateway's own rules on top of DIRAC's Registry: which groups may write to the catalog, and what a
/// certificate whose DN the Registry does not know may do.
///
/// DIRAC's `AuthManager` gives an unknown DN (or a DN claiming a group it is not a member of) the `visitor`
/// identity, which only reaches methods marked `all` (`ping`). The gateway does the same and fails closed; an
/// operator may opt in to read-only catalog access for unknown DNs (`auth.unknownDNs: readOnly`), never more.
public struct AuthorizationPolicy: Sendable, Hashable {
    /// What a verified certificate whose DN is not in the Registry may do.
    public enum UnknownDNAccess: String, Sendable, Hashable, CaseIterable {
        /// Nothing but `ping` (DIRAC's behaviour).
        case refuse
        /// Also the catalog's read methods, as DIRAC's `visitor`, in the Rucio account mapped to group `visitor`
        /// (or the default account).
        case readOnly
    }

    /// DIRAC groups allowed to call write methods. Empty: the catalog is read-only for everybody.
    public var writeGroups: Set<String>
    public var unknownDNs: UnknownDNAccess

    public init(writeGroups: Set<String> = [], unknownDNs: UnknownDNAccess = .refuse) {
        self.writeGroups = writeGroups
        self.unknownDNs = unknownDNs
    }

    /// Whether a caller may use methods that need an authenticated DIRAC identity (`authenticated`: the catalog's
    /// reads, `whoami`). Hosts and users the Registry knows in their group may; visitors only by opt-in, and only
    /// when their DN is unknown (a known DN claiming a foreign group is a misuse, not a stranger).
    public func mayRead(_ caller: Caller) -> Bool {
        switch caller.standing {
        case .registered: true
        case .visitor(let why): unknownDNs == .readOnly && why.isUnknownDN
        }
    }

    /// Whether a caller may use catalog write methods: a registered member of one of the write groups.
    public func mayWrite(_ caller: Caller) -> Bool {
        caller.standing == .registered && writeGroups.contains(caller.group)
    }

    /// The 401 reason for a caller refused a method of this kind, or nil when allowed.
    public func refusal(of caller: Caller, write: Bool, method: String) -> AuthenticationError? {
        if case .visitor(let why) = caller.standing, !mayRead(caller) {
            return AuthenticationError("\(why.description); \(method) needs a registered DIRAC identity")
        }
        if write, !mayWrite(caller) {
            return AuthenticationError(
                "group \(caller.group) may not call \(method): catalog writes are not allowed for it")
        }
        return nil
    }
}
