/// Who may call a method, after authentication (DIRAC's `auth_<method>` properties).
public enum MethodAccess: Sendable, Hashable {
    /// `auth_ping = ["all"]`: any authenticated connection, whatever its DIRAC group.
    case all
    /// `["authenticated"]`: any caller the gateway could resolve to a DIRAC identity (`whoami`, catalog reads).
    case authenticated
    /// A catalog write: only groups the configuration allows (`AuthorizationPolicy.writeGroups`).
    case write
}
