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

extension DIRACRegistry {
    /// testuser in ctao_user and ctao_production (default ctao_user), otheruser in ctao_analysis, a trusted and an
    /// untrusted host.
    static let ctao = DIRACRegistry(
        users: [
            .init(name: "testuser", dns: [Peers.userDN], defaultGroups: ["ctao_user"]),
            .init(name: "otheruser", dns: [Peers.otherUserDN]),
        ],
        groups: [
            .init(name: "ctao_production", users: ["testuser"], properties: ["ProductionManagement"], vo: "ctao"),
            .init(name: "ctao_user", users: ["testuser"], properties: ["NormalUser"], vo: "ctao"),
            .init(name: "ctao_analysis", users: ["otheruser"]),
        ],
        hosts: [
            .init(name: "localhost", dns: [Peers.hostDN], properties: ["TrustedHost"]),
            .init(name: "worker.example.org", dns: [Peers.untrustedHostDN]),
        ])
}

extension CallerResolver {
    static let ctao = CallerResolver(registry: .ctao, policy: AuthorizationPolicy(writeGroups: ["ctao_production"]))
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

@Suite("CallerResolver: DIRAC's AuthManager rules against the Registry")
struct CallerResolverTests {
    let resolver = CallerResolver.ctao

    // MARK: Users

    @Test("a registered user's proxy runs in the group of its 1.2.42.42 extension, with the group's properties")
    func groupFromProxy() throws {
        let caller = try resolver.resolve(peer: Peers.proxy(group: "ctao_production"), extraCredentials: nil)
        #expect(caller.kind == .user)
        #expect(caller.dn == Peers.userDN)
        #expect(caller.group == "ctao_production")
        #expect(caller.username == "testuser")
        #expect(caller.standing == .registered)
        #expect(caller.properties == ["ProductionManagement"])
        #expect(caller.delegatedBy == nil)
        #expect(caller.logDescription == "\(Peers.userDN)@ctao_production")
    }

    @Test("an empty group extension counts as none: the user's default group")
    func emptyGroupExtension() throws {
        #expect(try resolver.resolve(peer: Peers.proxy(group: ""), extraCredentials: nil).group == "ctao_user")
    }

    @Test("no group in the proxy: the user's DefaultGroup, then /Registry/DefaultGroup, then the first group")
    func defaultGroupOrder() throws {
        #expect(try resolver.resolve(peer: Peers.proxy(group: nil), extraCredentials: nil).group == "ctao_user")
        #expect(try resolver.resolve(peer: Peers.proxy(Peers.otherUserDN, group: nil), extraCredentials: nil).group == "ctao_analysis")
        let registry = DIRACRegistry(
            users: [.init(name: "u", dns: [Peers.userDN])],
            groups: [.init(name: "first", users: ["u"]), .init(name: "user", users: ["u"])])
        // DIRAC's built-in /Registry/DefaultGroup is "user", which beats section order.
        #expect(try CallerResolver(registry: registry).resolve(peer: Peers.proxy(group: nil), extraCredentials: nil).group == "user")
    }

    @Test("a plain user certificate (no proxy) of a registered user gets the user's default group")
    func plainUserCertificate() throws {
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.userDN), extraCredentials: nil)
        #expect(caller.kind == .user)
        #expect(caller.group == "ctao_user")
        #expect(caller.standing == .registered)
    }

    @Test("an unregistered DN is DIRAC's visitor, whatever group its proxy claims")
    func unregisteredDN() throws {
        for group in ["ctao_production", "ctao_user", nil] as [String?] {
            let caller = try resolver.resolve(peer: Peers.proxy(Peers.unknownDN, group: group), extraCredentials: nil)
            #expect(caller.standing == .visitor(.unknownDN(Peers.unknownDN)))
            #expect(caller.group == "visitor")
            #expect(caller.username == nil)
        }
    }

    @Test("a registered DN claiming a group that does not list it is a visitor")
    func foreignGroup() throws {
        let caller = try resolver.resolve(peer: Peers.proxy(group: "ctao_analysis"), extraCredentials: nil)
        #expect(caller.standing == .visitor(.notAMember(dn: Peers.userDN, user: "testuser", group: "ctao_analysis")))
        #expect(caller.group == "visitor")
        let unknownGroup = try resolver.resolve(peer: Peers.proxy(group: "ctao_admin"), extraCredentials: nil)
        #expect(unknownGroup.standing == .visitor(.notAMember(dn: Peers.userDN, user: "testuser", group: "ctao_admin")))
    }

    @Test("a registered user in no group, with none in the proxy, is a visitor")
    func userWithoutGroups() throws {
        let registry = DIRACRegistry(users: [.init(name: "lonely", dns: [Peers.userDN])])
        let caller = try CallerResolver(registry: registry).resolve(peer: Peers.proxy(group: nil), extraCredentials: nil)
        #expect(caller.standing == .visitor(.noGroup(dn: Peers.userDN, user: "lonely")))
    }

    @Test("a user suspended in the group's VO is a visitor in that group only")
    func suspendedUser() throws {
        let registry = DIRACRegistry(
            users: [.init(name: "u", dns: [Peers.userDN], suspendedVOs: ["ctao"])],
            groups: [.init(name: "ctao_user", users: ["u"], vo: "ctao"), .init(name: "other", users: ["u"], vo: "other")])
        let resolver = CallerResolver(registry: registry)
        #expect(try resolver.resolve(peer: Peers.proxy(group: "ctao_user"), extraCredentials: nil).standing
            == .visitor(.suspended(user: "u", group: "ctao_user")))
        #expect(try resolver.resolve(peer: Peers.proxy(group: "other"), extraCredentials: nil).standing == .registered)
    }

    @Test("a DN is looked up stripped, and the first user listing it wins, as getUsernameForDN does")
    func dnLookup() throws {
        let registry = DIRACRegistry(
            users: [.init(name: "a", dns: ["/C=ch/CN=x"]), .init(name: "b", dns: ["/C=ch/CN=x"])],
            groups: [.init(name: "g", users: ["a", "b"])])
        #expect(registry.user(forDN: " /C=ch/CN=x ")?.name == "a")
    }

    // MARK: Hosts

    @Test("\"hosts\" with a registered host certificate runs as the host, group hosts, with its properties")
    func hostCredentials() throws {
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: .hosts)
        #expect(caller.kind == .host)
        #expect(caller.dn == Peers.hostDN)
        #expect(caller.group == "hosts")
        #expect(caller.username == "localhost")
        #expect(caller.properties == ["TrustedHost"])
        #expect(caller.standing == .registered)
    }

    @Test("a registered host certificate without extraCredentials is still the host")
    func hostWithoutExtraCredentials() throws {
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: nil)
        #expect(caller.kind == .host)
        #expect(caller.group == "hosts")
    }

    @Test("refused: \"hosts\" claimed with a proxy, with a message naming what is needed")
    func proxyClaimingHosts() {
        let reason = refusal { () throws(AuthenticationError) in try resolver.resolve(peer: Peers.proxy(), extraCredentials: .hosts) }
        #expect(reason == "host credentials (extraCredentials \"hosts\") need a host certificate; this connection presents a proxy of \(Peers.userDN)")
    }

    @Test("\"hosts\" with a certificate that is not a registered host: a visitor")
    func unregisteredHost() throws {
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.userDN), extraCredentials: .hosts)
        #expect(caller.standing == .visitor(.unknownHost(Peers.userDN)))
    }

    // MARK: Delegation

    @Test("a trusted host delegating a registered [DN, member group] runs as that user and group")
    func trustedDelegation() throws {
        let peer = Peers.certificate(Peers.hostDN)
        let caller = try resolver.resolve(peer: peer, extraCredentials: .delegated(dn: Peers.userDN, group: "ctao_user"))
        #expect(caller.kind == .user)
        #expect(caller.dn == Peers.userDN)
        #expect(caller.group == "ctao_user")
        #expect(caller.username == "testuser")
        #expect(caller.standing == .registered)
        #expect(caller.delegatedBy == Peers.hostDN)
        #expect(caller.peer == peer)
        #expect(caller.logDescription == "\(Peers.userDN)@ctao_user (via \(Peers.hostDN))")
    }

    @Test("a trusted host delegating an unregistered DN or a non-member group gets a visitor, as a direct call would")
    func delegatedIdentityChecked() throws {
        let host = Peers.certificate(Peers.hostDN)
        #expect(try resolver.resolve(peer: host, extraCredentials: .delegated(dn: Peers.unknownDN, group: "ctao_production")).standing
            == .visitor(.unknownDN(Peers.unknownDN)))
        #expect(try resolver.resolve(peer: host, extraCredentials: .delegated(dn: Peers.userDN, group: "ctao_analysis")).standing
            == .visitor(.notAMember(dn: Peers.userDN, user: "testuser", group: "ctao_analysis")))
        #expect(try resolver.resolve(peer: host, extraCredentials: .delegated(dn: Peers.userDN, group: "")).standing
            == .visitor(.notAMember(dn: Peers.userDN, user: "testuser", group: "")))
    }

    @Test("refused outright: an untrusted host delegating")
    func untrustedHostDelegating() {
        let reason = refusal { () throws(AuthenticationError) in
            try resolver.resolve(
                peer: Peers.certificate(Peers.untrustedHostDN), extraCredentials: .delegated(dn: Peers.userDN, group: "ctao_user"))
        }
        #expect(reason == "host \(Peers.untrustedHostDN) is not trusted to act on behalf of \(Peers.userDN)@ctao_user")
    }

    @Test("refused outright: a user proxy delegating, with a message saying a trusted host certificate is needed")
    func proxyDelegating() {
        let reason = refusal { () throws(AuthenticationError) in
            try resolver.resolve(peer: Peers.proxy(), extraCredentials: .delegated(dn: Peers.otherUserDN, group: "ctao_analysis"))
        }
        #expect(reason == "delegation (extraCredentials [DN, group]) is honoured only from a trusted host's certificate; this connection presents a proxy of \(Peers.userDN)")
        #expect(refusal { () throws(AuthenticationError) in
            try resolver.resolve(
                peer: Peers.certificate(Peers.unknownDN), extraCredentials: .delegated(dn: Peers.userDN, group: "ctao_user"))
        } == "delegation refused: \(Peers.unknownDN) is not a registered host")
    }

    @Test("a delegated DN with a newline is escaped in the caller's log line and in refusals")
    func delegatedDNEscaped() throws {
        let forged = Peers.userDN + "\nINFO forged line"
        let caller = try resolver.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: .delegated(dn: forged, group: "ctao_user"))
        #expect(!caller.logDescription.contains("\n"))
        #expect(caller.logDescription.contains("\\nINFO forged line"))
        if case .visitor(let why) = caller.standing { #expect(!why.description.contains("\n")) }
        let reason = refusal { () throws(AuthenticationError) in
            try resolver.resolve(peer: Peers.certificate(Peers.untrustedHostDN), extraCredentials: .delegated(dn: forged, group: "g"))
        }
        #expect(reason?.contains("\n") == false)
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

    @Test("a refreshed Registry takes effect for the next call")
    func registryReplaced() throws {
        let store = RegistryStore(registry: DIRACRegistry())
        let resolver = CallerResolver(registry: store, policy: .init(writeGroups: ["ctao_production"]))
        #expect(try resolver.resolve(peer: Peers.proxy(group: "ctao_production"), extraCredentials: nil).standing
            == .visitor(.unknownDN(Peers.userDN)))
        store.replace(with: .init(registry: .ctao, version: "2"))
        #expect(try resolver.resolve(peer: Peers.proxy(group: "ctao_production"), extraCredentials: nil).standing == .registered)
    }
}

/// Every combination the issue names: registered/unregistered DN × member/non-member group × direct/delegated ×
/// read/write, against DIRAC's rule that a group counts only when the Registry lists the DN as its member.
@Suite("AuthorizationPolicy: who may read and write")
struct AuthorizationMatrixTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var registered: Bool
        var member: Bool
        var delegated: Bool
        var testDescription: String {
            "\(registered ? "registered" : "unregistered") DN, \(member ? "member" : "non-member") group, \(delegated ? "delegated" : "direct")"
        }
    }

    static let cases: [Case] = [true, false].flatMap { registered in
        [true, false].flatMap { member in [true, false].map { Case(registered: registered, member: member, delegated: $0) } }
    }

    func caller(_ c: Case) throws -> Caller {
        let dn = c.registered ? Peers.userDN : Peers.unknownDN
        // testuser is a member of ctao_production; ctao_analysis does not list it. An unregistered DN is a member
        // of nothing, so "member" only changes the claimed group.
        let group = c.member ? "ctao_production" : "ctao_analysis"
        if c.delegated {
            return try CallerResolver.ctao.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: .delegated(dn: dn, group: group))
        }
        return try CallerResolver.ctao.resolve(peer: Peers.proxy(dn, group: group), extraCredentials: nil)
    }

    @Test("reads and writes need a registered DN in a group that lists it; writes also a write group", arguments: cases)
    func matrix(_ c: Case) throws {
        let caller = try caller(c)
        let policy = AuthorizationPolicy(writeGroups: ["ctao_production", "ctao_analysis"])
        let vouched = c.registered && c.member
        #expect(policy.mayRead(caller) == vouched)
        #expect(policy.mayWrite(caller) == vouched)
        #expect((policy.refusal(of: caller, write: false, method: "listDirectory") == nil) == vouched)
        #expect((policy.refusal(of: caller, write: true, method: "createDirectory") == nil) == vouched)
        if !vouched {
            #expect(caller.group == "visitor")
        }
    }

    @Test("opting in to read-only for unknown DNs lets them read, never write; a non-member group stays refused", arguments: cases)
    func readOnlyOptIn(_ c: Case) throws {
        let caller = try caller(c)
        let policy = AuthorizationPolicy(writeGroups: ["ctao_production", "ctao_analysis"], unknownDNs: .readOnly)
        let vouched = c.registered && c.member
        #expect(policy.mayRead(caller) == (vouched || !c.registered))
        #expect(policy.mayWrite(caller) == vouched)
    }

    @Test("a registered member outside the write groups reads but may not write, with DIRAC-style reasons")
    func notAWriteGroup() throws {
        let caller = try CallerResolver.ctao.resolve(peer: Peers.proxy(group: "ctao_user"), extraCredentials: nil)
        let policy = AuthorizationPolicy(writeGroups: ["ctao_production"])
        #expect(policy.refusal(of: caller, write: false, method: "listDirectory") == nil)
        #expect(policy.refusal(of: caller, write: true, method: "createDirectory")?.reason
            == "group ctao_user may not call createDirectory: catalog writes are not allowed for it")
        let stranger = try CallerResolver.ctao.resolve(peer: Peers.proxy(Peers.unknownDN, group: "ctao_production"), extraCredentials: nil)
        #expect(policy.refusal(of: stranger, write: true, method: "createDirectory")?.reason
            == "DN \(Peers.unknownDN) is not registered in the DIRAC Registry; createDirectory needs a registered DIRAC identity")
    }

    @Test("hosts: a registered host reads; it writes only when hosts is a write group")
    func hosts() throws {
        let host = try CallerResolver.ctao.resolve(peer: Peers.certificate(Peers.hostDN), extraCredentials: .hosts)
        #expect(AuthorizationPolicy(writeGroups: ["ctao_production"]).mayRead(host))
        #expect(!AuthorizationPolicy(writeGroups: ["ctao_production"]).mayWrite(host))
        #expect(AuthorizationPolicy(writeGroups: ["hosts"]).mayWrite(host))
        let stranger = try CallerResolver.ctao.resolve(peer: Peers.certificate(Peers.unknownDN), extraCredentials: .hosts)
        #expect(!AuthorizationPolicy(writeGroups: ["hosts"], unknownDNs: .readOnly).mayRead(stranger))
    }

    @Test("defaults: read-only catalog, unknown DNs refused")
    func defaults() {
        let policy = AuthorizationPolicy()
        #expect(policy.writeGroups.isEmpty)
        #expect(policy.unknownDNs == .refuse)
    }

    @Test("AuthenticationError describes itself by its reason")
    func errorDescription() {
        #expect(AuthenticationError("no").description == "no")
    }
}
