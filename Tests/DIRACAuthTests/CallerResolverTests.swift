import DIRACAuth
import DIRACWire
import Testing

/// DNs and peers as the captures show them.
enum Peers {
    static let userDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"
    static let otherUserDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=otheruser"
    static let unknownDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=stranger"
    static let hostDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=localhost"
    static let untrustedHostDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=worker.example.org"
    static let caDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=DPPS Test CA"

    /// A proxy of `dn`, optionally carrying a DIRAC group extension.
    static func proxy(_ dn: String = userDN, group: String? = "ctao_user", limited: Bool = false) -> AuthenticatedPeer {
        AuthenticatedPeer(
            dn: dn, subject: dn + "/CN=54291754391873985", issuer: dn, groupInCertificate: group, isProxy: true,
            isLimitedProxy: limited, notAfter: 2_000_000_000, method: .tls)
    }

    /// A plain end-entity certificate (a host, or a user without proxy).
    static func certificate(_ dn: String) -> AuthenticatedPeer {
        AuthenticatedPeer(
            dn: dn, subject: dn, issuer: caDN, groupInCertificate: nil, isProxy: false, isLimitedProxy: false,
            notAfter: 2_000_000_000, method: .tls)
    }
}

extension AuthorizationPolicy {
    static func ctao(requireKnownUsers: Bool = false, defaultGroup: String? = "ctao_guest") -> AuthorizationPolicy {
        AuthorizationPolicy(
            users: [
                .init(name: "testuser", dn: Peers.userDN, groups: ["ctao_user", "ctao_production"]),
                .init(name: "otheruser", dn: Peers.otherUserDN, groups: ["ctao_analysis"]),
            ],
            hosts: [
                .init(name: "localhost", dn: Peers.hostDN, trusted: true),
                .init(name: "worker.example.org", dn: Peers.untrustedHostDN, trusted: false),
            ],
            defaultGroup: defaultGroup,
            requireKnownUsers: requireKnownUsers,
            writeGroups: ["ctao_production"]
        )
    }
}

/// The refusal reason, or `nil` when the call was accepted.
func refusal(_ body: () throws(AuthenticationError) -> Caller) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return error.reason
    }
}

@Suite("CallerResolver: DIRAC's AuthManager rules")
struct CallerResolverTests {
    let resolver = CallerResolver(policy: .ctao())

    // MARK: Users

    @Test("a user proxy runs in the group of its 1.2.42.42 extension")
    func groupFromProxy() throws {
        let caller = try resolver.resolve(peer: Peers.proxy(group: "ctao_production"), extraCredentials: nil)
        #expect(caller.kind == .user)
        #expect(caller.dn == Peers.userDN)
        #expect(caller.group == "ctao_production")
        #expect(caller.username == "testuser")
        #expect(caller.properties.isEmpty)
        #expect(caller.delegatedBy == nil)
        #expect(caller.peer == Peers.proxy(group: "ctao_production"))
        #expect(caller.logDescription == "\(Peers.userDN)@ctao_production")
    }

    @Test("a listed user without groups falls back to the configured default group")
    func listedUserWithoutGroups() throws {
        let policy = AuthorizationPolicy(
            users: [.init(name: "nogroups", dn: Peers.userDN, groups: [])], defaultGroup: "ctao_guest")
        let caller = try CallerResolver(policy: policy).resolve(peer: Peers.proxy(group: nil), extraCredentials: nil)
        #expect(caller.group == "ctao_guest")
        #expect(caller.username == "nogroups")
    }

    @Test("an empty group extension counts as no group")
    func emptyGroupExtension() throws {
        #expect(try resolver.resolve(peer: Peers.proxy(group: ""), extraCredentials: nil).group == "ctao_user")
    }

    @Test("a proxy without group: the user's default group (the first listed)")
    func userDefaultGroup() throws {
        #expect(try resolver.resolve(peer: Peers.proxy(group: nil), extraCredentials: nil).group == "ctao_user")
        #expect(try resolver.resolve(peer: Peers.proxy(Peers.otherUserDN, group: nil), extraCredentials: nil).group == "ctao_analysis")
    }

    @Test("a plain user certificate (no proxy) of a listed user gets the user's default group")
    func plainUserCertificate() throws {
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.userDN), extraCredentials: nil)
        #expect(caller.kind == .user)
        #expect(caller.group == "ctao_user")
    }

    @Test("an unlisted user without group in the proxy: the configured default group")
    func configuredDefaultGroup() throws {
        let caller = try resolver.resolve(peer: Peers.proxy(Peers.unknownDN, group: nil), extraCredentials: nil)
        #expect(caller.group == "ctao_guest")
        #expect(caller.username == nil)
        #expect(caller.kind == .user)
    }

    @Test("an unlisted user may use the group in the proxy when known users are not required")
    func unlistedUserWithProxyGroup() throws {
        #expect(try resolver.resolve(peer: Peers.proxy(Peers.unknownDN, group: "ctao_user"), extraCredentials: nil).group == "ctao_user")
    }

    @Test("refused: an unknown user when requireKnownUsers is set")
    func unknownUserRefused() {
        let strict = CallerResolver(policy: .ctao(requireKnownUsers: true))
        let reason = refusal { () throws(AuthenticationError) in try strict.resolve(peer: Peers.proxy(Peers.unknownDN), extraCredentials: nil) }
        #expect(reason == "\(Peers.unknownDN) is not a registered user")
        // A listed user still passes.
        #expect(refusal { () throws(AuthenticationError) in try strict.resolve(peer: Peers.proxy(), extraCredentials: nil) } == nil)
    }

    @Test("refused: a proxy group that is not among the user's groups")
    func foreignGroupRefused() {
        let reason = refusal { () throws(AuthenticationError) in
            try resolver.resolve(peer: Peers.proxy(group: "ctao_admin"), extraCredentials: nil)
        }
        #expect(reason == "group ctao_admin is not a group of \(Peers.userDN)")
    }

    @Test("refused: no group at all (none in the proxy, user unknown, no default group)")
    func noGroupRefused() {
        let noDefault = CallerResolver(policy: .ctao(defaultGroup: nil))
        let reason = refusal { () throws(AuthenticationError) in
            try noDefault.resolve(peer: Peers.proxy(Peers.unknownDN, group: nil), extraCredentials: nil)
        }
        #expect(reason?.hasPrefix("no DIRAC group for \(Peers.unknownDN)") == true)
        // The same user with a group in the proxy passes.
        #expect(refusal { () throws(AuthenticationError) in
            try noDefault.resolve(peer: Peers.proxy(Peers.unknownDN, group: "ctao_user"), extraCredentials: nil)
        } == nil)
    }

    // MARK: Hosts

    @Test("\"hosts\" with a registered host certificate runs as the host, group hosts")
    func hostCredentials() throws {
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: .hosts)
        #expect(caller.kind == .host)
        #expect(caller.dn == Peers.hostDN)
        #expect(caller.group == "hosts")
        #expect(caller.username == "localhost")
        #expect(caller.properties == ["TrustedHost"])
        #expect(caller.delegatedBy == nil)
    }

    @Test("an untrusted registered host gets no TrustedHost property")
    func untrustedHost() throws {
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.untrustedHostDN), extraCredentials: .hosts)
        #expect(caller.kind == .host)
        #expect(caller.properties.isEmpty)
    }

    @Test("a registered host certificate without extraCredentials is still the host")
    func hostWithoutExtraCredentials() throws {
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: nil)
        #expect(caller.kind == .host)
        #expect(caller.group == "hosts")
    }

    @Test("refused: \"hosts\" claimed with a proxy")
    func proxyClaimingHosts() {
        let reason = refusal { () throws(AuthenticationError) in try resolver.resolve(peer: Peers.proxy(), extraCredentials: .hosts) }
        #expect(reason == "host credentials claimed with a proxy of \(Peers.userDN)")
        // Even a proxy whose DN is a registered host's.
        #expect(refusal { () throws(AuthenticationError) in
            try resolver.resolve(peer: Peers.proxy(Peers.hostDN, group: nil), extraCredentials: .hosts)
        } != nil)
    }

    @Test("refused: \"hosts\" with a certificate that is not a registered host")
    func unregisteredHost() {
        let reason = refusal { () throws(AuthenticationError) in
            try resolver.resolve(peer: Peers.certificate(Peers.userDN), extraCredentials: .hosts)
        }
        #expect(reason == "\(Peers.userDN) is not a registered host")
    }

    // MARK: Delegation

    @Test("a trusted host delegating [DN, group] runs as that user and group")
    func trustedDelegation() throws {
        let peer = Peers.certificate(Peers.hostDN)
        let caller = try resolver.resolve(peer: peer, extraCredentials: .delegated(dn: Peers.userDN, group: "ctao_user"))
        #expect(caller.kind == .user)
        #expect(caller.dn == Peers.userDN)
        #expect(caller.group == "ctao_user")
        #expect(caller.username == "testuser")
        #expect(caller.properties.isEmpty)
        #expect(caller.delegatedBy == Peers.hostDN)
        #expect(caller.peer == peer)
        #expect(caller.logDescription == "\(Peers.userDN)@ctao_user (via \(Peers.hostDN))")
    }

    @Test("a trusted host may delegate an unlisted DN when known users are not required")
    func trustedDelegationOfUnlistedDN() throws {
        let caller = try resolver.resolve(
            peer: Peers.certificate(Peers.hostDN), extraCredentials: .delegated(dn: Peers.unknownDN, group: "ctao_user"))
        #expect(caller.dn == Peers.unknownDN)
        #expect(caller.username == nil)
    }

    @Test("refused: an untrusted host delegating")
    func untrustedHostDelegating() {
        let reason = refusal { () throws(AuthenticationError) in
            try resolver.resolve(
                peer: Peers.certificate(Peers.untrustedHostDN), extraCredentials: .delegated(dn: Peers.userDN, group: "ctao_user"))
        }
        #expect(reason == "host \(Peers.untrustedHostDN) is not trusted to act on behalf of \(Peers.userDN)@ctao_user")
    }

    @Test("refused: a user proxy or an unregistered certificate delegating")
    func nonHostDelegating() {
        #expect(refusal { () throws(AuthenticationError) in
            try resolver.resolve(peer: Peers.proxy(), extraCredentials: .delegated(dn: Peers.otherUserDN, group: "ctao_analysis"))
        } != nil)
        #expect(refusal { () throws(AuthenticationError) in
            try resolver.resolve(
                peer: Peers.certificate(Peers.unknownDN), extraCredentials: .delegated(dn: Peers.userDN, group: "ctao_user"))
        } == "\(Peers.unknownDN) is not a registered host")
    }

    @Test("refused: delegation to a group that is not among the user's groups")
    func delegationToForeignGroup() {
        let reason = refusal { () throws(AuthenticationError) in
            try resolver.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: .delegated(dn: Peers.userDN, group: "ctao_analysis"))
        }
        #expect(reason == "delegated group ctao_analysis is not a group of \(Peers.userDN)")
    }

    @Test("refused: delegation of an unknown DN when known users are required")
    func delegationOfUnknownDN() {
        let strict = CallerResolver(policy: .ctao(requireKnownUsers: true))
        let reason = refusal { () throws(AuthenticationError) in
            try strict.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: .delegated(dn: Peers.unknownDN, group: "ctao_user"))
        }
        #expect(reason == "delegated DN \(Peers.unknownDN) is not a registered user")
    }

    @Test("the captured delegated request resolves through the trusted host")
    func capturedDelegatedRequest() throws {
        let body = "method=isFile&args=%5B%7B%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Ffile1.dat%22%3A+true%7D%5D&extraCredentials=%5B%22%2FC%3Dch%2FO%3DCTAO%2FOU%3DDPPS+Test%2FCN%3Dtestuser%22%2C+%22ctao_user%22%5D&clientVO=ctao&clientSetup=None"
        let rpc = try RPCRequest(formBody: Array(body.utf8))
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: rpc.extraCredentials)
        #expect(caller.dn == Peers.userDN)
        #expect(caller.group == "ctao_user")
        #expect(caller.delegatedBy == Peers.hostDN)
    }
}

@Suite("AuthorizationPolicy")
struct AuthorizationPolicyTests {
    @Test("only the configured write groups may write; an empty set is read-only for all")
    func mayWrite() throws {
        let resolver = CallerResolver(policy: .ctao())
        let production = try resolver.resolve(peer: Peers.proxy(group: "ctao_production"), extraCredentials: nil)
        let user = try resolver.resolve(peer: Peers.proxy(group: "ctao_user"), extraCredentials: nil)
        let host = try resolver.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: .hosts)
        let policy = AuthorizationPolicy.ctao()
        #expect(policy.mayWrite(production))
        #expect(!policy.mayWrite(user))
        #expect(!policy.mayWrite(host))
        #expect(!AuthorizationPolicy().mayWrite(production))
        #expect(AuthorizationPolicy(writeGroups: ["hosts"]).mayWrite(host))
    }

    @Test("defaults: nobody listed, no default group, unknown users accepted, read-only")
    func defaults() {
        let policy = AuthorizationPolicy()
        #expect(policy.users.isEmpty)
        #expect(policy.hosts.isEmpty)
        #expect(policy.defaultGroup == nil)
        #expect(policy.requireKnownUsers == false)
        #expect(policy.writeGroups.isEmpty)
    }

    @Test("AuthenticationError describes itself by its reason")
    func errorDescription() {
        #expect(AuthenticationError("no").description == "no")
    }
}
