import DIRACAuth
import DIRACWire
import FileCatalog
import Logging
import Testing

enum Fixture {
    static let userDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"
    static let hostDN = "/C=ch/O=CTAO/OU=DPPS Test/CN=localhost"
    static let startTime: Int64 = 1_795_300_000

    static let policy = AuthorizationPolicy(writeGroups: ["ctao_production"])

    static let registry = DIRACRegistry(
        users: [.init(name: "testuser", dns: [userDN])],
        groups: [.init(name: "ctao_user", users: ["testuser"]), .init(name: "ctao_production", users: ["testuser"])],
        hosts: [.init(name: "localhost", dns: [hostDN], properties: ["TrustedHost"])])

    static let resolver = CallerResolver(registry: registry, policy: policy)

    static let service = ServiceInfo(
        name: "DataManagement/FileCatalog", url: "https://gateway.example.org:8443/DataManagement/FileCatalog",
        startTime: startTime, version: "1.2.3")

    static func proxyPeer(group: String?) -> AuthenticatedPeer {
        AuthenticatedPeer(
            dn: userDN, subject: userDN + "/CN=54291754391873985", issuer: userDN, groupInCertificate: group, isProxy: true,
            isLimitedProxy: false, notAfter: 4_000_000_000, method: .tls)
    }

    static let hostPeer = AuthenticatedPeer(
        dn: hostDN, subject: hostDN, issuer: "/C=ch/O=CTAO/OU=DPPS Test/CN=DPPS Test CA", groupInCertificate: nil,
        isProxy: false, isLimitedProxy: false, notAfter: 4_000_000_000, method: .tls)

    static func caller(group: String = "ctao_user", extraCredentials: ExtraCredentials? = nil) throws -> Caller {
        switch extraCredentials {
        case nil: return try resolver.resolve(peer: proxyPeer(group: group), extraCredentials: nil)
        case let credentials?: return try resolver.resolve(peer: hostPeer, extraCredentials: credentials)
        }
    }

    static func context(_ caller: Caller) -> CallContext {
        CallContext(caller: caller, service: service, policy: policy, logger: Logger(label: "FileCatalogTests"))
    }

    static func context(group: String = "ctao_user") throws -> CallContext {
        context(try caller(group: group))
    }
}

/// Dispatches one call through the gateway registry.
func dispatch(
    _ method: String, _ arguments: [DIRACValue], in context: CallContext, registry: MethodRegistry = .gateway()
) async -> DispatchOutcome {
    await registry.dispatch(RPCRequest(method: method, arguments: arguments), in: context)
}

/// The S_OK/S_ERROR of a dispatched call; records an issue for 401 and 501.
func result(
    _ method: String, _ arguments: [DIRACValue], in context: CallContext, registry: MethodRegistry = .gateway(),
    sourceLocation: SourceLocation = #_sourceLocation
) async -> DIRACResult? {
    switch await dispatch(method, arguments, in: context, registry: registry) {
    case .result(let result):
        return result
    case .notImplemented(let name):
        Issue.record("\(name) answered 501", sourceLocation: sourceLocation)
    case .unauthorized(let error):
        Issue.record("\(method) answered 401: \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

extension DIRACResult {
    /// The S_ERROR, if this is one.
    var failure: DIRACError? {
        if case .error(let error) = outcome { return error }
        return nil
    }
}
