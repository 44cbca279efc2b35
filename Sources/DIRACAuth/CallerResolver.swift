import DIRACWire

/// Turns what the transport proved plus the call's `extraCredentials` into the `Caller`, with the rules of
/// DIRAC's `AuthManager.authQuery` (DIRAC 9.1.22, `DIRAC/Core/DISET/AuthManager.py`) against the Registry in force:
/// - `[DN, group]` (delegation): honoured only from the certificate (not a proxy) of a registered host with the
///   `TrustedHost` property; the delegated DN and group are then checked exactly as a direct user's. DIRAC refuses
///   a delegation from any other peer outright ("credentials forwarded by a host, but not a trusted one"), and so
///   does the gateway, for every method;
/// - `"hosts"`: the certificate's DN must be a registered host; the call runs as that host, group `hosts`;
/// - a user: the group from the proxy's 1.2.42.42 extension, else `findDefaultGroupForUser`. The DN must belong to a
///   Registry user who is a member of that group (`getUsersInGroup`) and not suspended in its VO.
///
/// What the Registry does not vouch for becomes DIRAC's `visitor` (`Caller.Standing.visitor`) rather than an
/// error, because DIRAC lets visitors call methods marked `all` (`ping`); `AuthorizationPolicy` then refuses
/// them everything else, unless the operator opted in to read-only access for unknown DNs.
public struct CallerResolver: Sendable {
    public let registry: RegistryStore
    public let policy: AuthorizationPolicy

    /// DIRAC's `Properties.TRUSTED_HOST`.
    public static let trustedHostProperty = "TrustedHost"
    /// DIRAC's `AuthManager.KW_HOSTS_GROUP`.
    public static let hostsGroup = "hosts"
    /// The group and user name DIRAC gives a caller it cannot vouch for.
    public static let visitorGroup = "visitor"

    public init(registry: RegistryStore, policy: AuthorizationPolicy) {
        self.registry = registry
        self.policy = policy
    }

    public init(registry: DIRACRegistry, policy: AuthorizationPolicy = .init()) {
        self.init(registry: RegistryStore(registry: registry), policy: policy)
    }

    public func resolve(peer: AuthenticatedPeer, extraCredentials: ExtraCredentials?) throws(AuthenticationError) -> Caller {
        let registry = self.registry.registry
        switch extraCredentials {
        case .delegated(let dn, let group):
            guard !peer.isProxy else {
                throw AuthenticationError(
                    "delegation (extraCredentials [DN, group]) is honoured only from a trusted host's certificate; "
                        + "this connection presents a proxy of \(LogText.safe(peer.dn))")
            }
            guard let host = registry.host(forDN: peer.dn) else {
                throw AuthenticationError(
                    "delegation refused: \(LogText.safe(peer.dn)) is not a registered host")
            }
            guard host.properties.contains(Self.trustedHostProperty) else {
                throw AuthenticationError(
                    "host \(LogText.safe(peer.dn)) is not trusted to act on behalf of \(LogText.safe(dn))@\(LogText.safe(group))")
            }
            return identify(dn: dn, group: group, peer: peer, delegatedBy: peer.dn, in: registry)
        case .hosts:
            guard !peer.isProxy else {
                throw AuthenticationError(
                    "host credentials (extraCredentials \"hosts\") need a host certificate; this connection presents a proxy of \(LogText.safe(peer.dn))")
            }
            return hostCaller(dn: peer.dn, peer: peer, delegatedBy: nil, in: registry)
        case nil:
            // A host certificate without extraCredentials: the DIRAC client always sends "hosts" with host
            // certificates, other clients (curl, the gateway's own `call --cert`) may not.
            if !peer.isProxy, registry.host(forDN: peer.dn) != nil {
                return hostCaller(dn: peer.dn, peer: peer, delegatedBy: nil, in: registry)
            }
            let group = peer.groupInCertificate.flatMap { $0.isEmpty ? nil : $0 }
            return identify(dn: peer.dn, group: group, peer: peer, delegatedBy: nil, in: registry)
        }
    }

    /// `AuthManager.getUsername` / `getHostNickName` for one DN and (claimed) group.
    private func identify(
        dn: String, group claimed: String?, peer: AuthenticatedPeer, delegatedBy: String?, in registry: DIRACRegistry
    ) -> Caller {
        if claimed == Self.hostsGroup {
            return hostCaller(dn: dn, peer: peer, delegatedBy: delegatedBy, in: registry)
        }
        func visitor(_ reason: Caller.VisitorReason) -> Caller {
            Caller(
                kind: .user, dn: dn, group: Self.visitorGroup, username: nil, properties: [], peer: peer,
                delegatedBy: delegatedBy, standing: .visitor(reason))
        }
        guard let user = registry.user(forDN: dn) else { return visitor(.unknownDN(dn)) }
        guard let group = claimed ?? registry.defaultGroup(ofUser: user) else {
            return visitor(.noGroup(dn: dn, user: user.name))
        }
        guard registry.isMember(user: user.name, of: group) else {
            return visitor(.notAMember(dn: dn, user: user.name, group: group))
        }
        if registry.isSuspended(user, inGroup: group) {
            return visitor(.suspended(user: user.name, group: group))
        }
        return Caller(
            kind: .user, dn: dn, group: group, username: user.name,
            properties: registry.group(named: group)?.properties ?? [], peer: peer, delegatedBy: delegatedBy)
    }

    private func hostCaller(dn: String, peer: AuthenticatedPeer, delegatedBy: String?, in registry: DIRACRegistry) -> Caller {
        guard let host = registry.host(forDN: dn) else {
            return Caller(
                kind: .host, dn: dn, group: Self.visitorGroup, username: nil, properties: [], peer: peer,
                delegatedBy: delegatedBy, standing: .visitor(.unknownHost(dn)))
        }
        return Caller(
            kind: .host, dn: dn, group: Self.hostsGroup, username: host.name, properties: host.properties, peer: peer,
            delegatedBy: delegatedBy)
    }
}
