import DIRACAuth
import DIRACWire

/// The methods the gateway serves, by RPC name. A name that is not registered is answered with HTTP 501,
/// as DIRAC's Tornado server does when `export_<method>` does not exist (the client reports
/// `S_ERROR(ENOSYS, "<method> is not implemented")`).
public struct MethodRegistry: Sendable {
    struct Entry: Sendable {
        var access: MethodAccess
        var invoke: @Sendable (ArgumentList, CallContext) async -> DIRACResult
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    /// Adds a handler; a later registration of the same name replaces the earlier one.
    public mutating func register<Method: CatalogMethod>(_ method: Method) {
        entries[Method.name] = Entry(access: Method.access) { arguments, context in
            let decoded: Method.Arguments
            do throws(DIRACError) {
                decoded = try method.decode(arguments)
            } catch {
                return .error(error)
            }
            return await method.run(decoded, in: context)
        }
    }

    /// Adds a handler given as a closure (for method families that share one skeleton, such as the dataset
    /// methods).
    mutating func register(
        name: String, access: MethodAccess, _ invoke: @escaping @Sendable (ArgumentList, CallContext) async -> DIRACResult
    ) {
        entries[name] = Entry(access: access, invoke: invoke)
    }

    /// Whether `name` is served; checked before authentication, as DIRAC resolves the method first.
    public func serves(_ name: String) -> Bool { entries[name] != nil }

    /// The names served, sorted.
    public var methodNames: [String] { entries.keys.sorted() }

    /// The access rule of a method.
    public func access(of name: String) -> MethodAccess? { entries[name]?.access }

    /// Runs a call for an already resolved caller.
    public func dispatch(_ request: RPCRequest, in context: CallContext) async -> DispatchOutcome {
        guard let entry = entries[request.method] else {
            return .notImplemented(request.method)
        }
        // DIRAC's AuthManager: `all` admits visitors, `authenticated` needs an identity the Registry vouches for,
        // and the catalog's writes need a write group on top.
        if entry.access != .all,
            let refusal = context.policy.refusal(of: context.caller, write: entry.access == .write, method: request.method)
        {
            return .unauthorized(refusal)
        }
        let arguments = ArgumentList(method: request.method, values: request.arguments, lfnLimits: context.lfnLimits)
        return .result(await entry.invoke(arguments, context))
    }
}

/// How a dispatched call ends, which decides the HTTP status.
public enum DispatchOutcome: Sendable {
    /// HTTP 200 with the JEncoded S_OK/S_ERROR.
    case result(DIRACResult)
    /// HTTP 501.
    case notImplemented(String)
    /// HTTP 401.
    case unauthorized(AuthenticationError)
}
