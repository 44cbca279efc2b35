/// Who may call a method, after authentication (DIRAC's `auth_<method>` properties).
public enum MethodAccess: Sendable, Hashable {
    /// `auth_ping = ["all"]`: any verified certificate, DIRAC's `visitor` included.
    case all
    /// `["authenticated"]`: a caller the Registry vouches for (`whoami`, catalog reads); unknown DNs only when the
    /// operator opted in (`AuthorizationPolicy.unknownDNs`).
    case authenticated
    /// A catalog write: only groups the configuration allows (`AuthorizationPolicy.writeGroups`).
    case write
}
