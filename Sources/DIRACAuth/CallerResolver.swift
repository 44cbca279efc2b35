import DIRACWire

/// Turns what the transport proved plus the call's `extraCredentials` into the `Caller`, with the rules of
/// DIRAC's `AuthManager.authQuery`:
/// - `"hosts"`: the peer must be a host certificate registered as a host; the call runs as that host, group `hosts`;
/// - `[DN, group]`: delegation, honoured only when the peer is a registered host with `TrustedHost`; the call
///   runs as that user and group (and the group must be one of the user's, when the user is known).
///   DIRAC would silently fall back to the host identity for an untrusted host; the gateway refuses instead,
///   so that a host never appears to act for a user it may not act for;
/// - otherwise a user: the group from the proxy's 1.2.42.42 extension, else the user's default group, else
///   the configured default group.
public struct CallerResolver: Sendable {
    public var policy: AuthorizationPolicy

    public init(policy: AuthorizationPolicy) {
        self.policy = policy
    }

    public func resolve(peer: AuthenticatedPeer, extraCredentials: ExtraCredentials?) throws(AuthenticationError) -> Caller {
        switch extraCredentials {
        case .hosts:
            return try hostCaller(peer)
        case .delegated(let dn, let group):
            let host = try hostCaller(peer)
            guard host.properties.contains("TrustedHost") else {
                throw AuthenticationError("host \(peer.dn) is not trusted to act on behalf of \(dn)@\(group)")
            }
            let user = policy.user(dn: dn)
            if let user, !user.groups.contains(group) {
                throw AuthenticationError("delegated group \(group) is not a group of \(dn)")
            }
            if user == nil && policy.requireKnownUsers {
                throw AuthenticationError("delegated DN \(dn) is not a registered user")
            }
            return Caller(
                kind: .user, dn: dn, group: group, username: user?.name, properties: [], peer: peer,
                delegatedBy: peer.dn)
        case nil:
            if !peer.isProxy, policy.host(dn: peer.dn) != nil {
                return try hostCaller(peer)
            }
            return try userCaller(peer)
        }
    }

    private func hostCaller(_ peer: AuthenticatedPeer) throws(AuthenticationError) -> Caller {
        guard !peer.isProxy else {
            throw AuthenticationError("host credentials claimed with a proxy of \(peer.dn)")
        }
        guard let host = policy.host(dn: peer.dn) else {
            throw AuthenticationError("\(peer.dn) is not a registered host")
        }
        return Caller(
            kind: .host, dn: peer.dn, group: "hosts", username: host.name,
            properties: host.trusted ? ["TrustedHost"] : [], peer: peer)
    }

    private func userCaller(_ peer: AuthenticatedPeer) throws(AuthenticationError) -> Caller {
        let user = policy.user(dn: peer.dn)
        if user == nil && policy.requireKnownUsers {
            throw AuthenticationError("\(peer.dn) is not a registered user")
        }
        // An empty extension counts as none; a listed user without groups falls back to the default group.
        let groupInCertificate = peer.groupInCertificate.flatMap { $0.isEmpty ? nil : $0 }
        guard let group = groupInCertificate ?? user?.groups.first ?? policy.defaultGroup else {
            throw AuthenticationError("no DIRAC group for \(peer.dn): the proxy carries none and no default group is configured")
        }
        if let user, !user.groups.isEmpty, !user.groups.contains(group) {
            throw AuthenticationError("group \(group) is not a group of \(peer.dn)")
        }
        return Caller(kind: .user, dn: peer.dn, group: group, username: user?.name, properties: [], peer: peer)
    }
}
