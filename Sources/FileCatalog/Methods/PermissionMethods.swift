import DIRACAuth
import DIRACWire
import OrderedCollections

/// `hasAccess` and `getPathPermissions`. The gateway's permissions are per caller, not per path: reads are open
/// to every authenticated member of the VO, writes to the configured groups (DFC's default
/// `NoSecurityManager` with `GlobalReadAccess`, narrowed to the write groups). Rucio's own permissions still
/// apply to the account a call is mapped to.
public enum PermissionMethods {
    /// `hasAccess(paths, opType)`: `{path: bool}` for the read/write kind of `opType` (a method name, or
    /// `Read`/`Write`). Like DFC's handler it also accepts the pre-v6r15 order `(opType, paths)`.
    public struct HasAccess: CatalogMethod {
        public static let name = "hasAccess"
        public static let access = MethodAccess.authenticated

        public init() {}

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> (paths: LFNArgument, operation: String) {
            try arguments.expectAtMost(2)
            // DFC's handler swaps the arguments whenever the first is a string (the pre-v6r15 order was
            // (opType, paths)). A bare path string first, as raw RPC users send it, is kept as paths unless the
            // first argument names an operation and the second does not.
            let first = try arguments.required(0, "paths")
            let second = arguments.optional(1)
            var swapped = false
            if case .string(let text) = first {
                switch second {
                case .list?, .dict?: swapped = true
                case .string(let other)?:
                    swapped = DFCMethodKinds.kind(of: text) != nil && DFCMethodKinds.kind(of: other) == nil
                default: break
                }
            }
            let (pathsIndex, operationIndex) = swapped ? (1, 0) : (0, 1)
            let operation = try arguments.string(operationIndex, "opType")
            return (try arguments.lfns(pathsIndex, "paths"), operation)
        }

        public func run(_ arguments: (paths: LFNArgument, operation: String), in context: CallContext) async -> DIRACResult {
            guard let kind = DFCMethodKinds.kind(of: arguments.operation) else {
                return .error(errno: DErrno.EINVAL, "hasAccess: unknown operation type \(arguments.operation)")
            }
            let allowed = kind == .read || context.policy.mayWrite(context.caller)
            var result = BulkResult()
            for entry in arguments.paths.entries.values {
                result.succeed(entry, .bool(allowed))
            }
            return result.result
        }
    }

    /// `getPathPermissions(paths)`: `{path: {"Read": b, "Write": b, "Execute": b}}`.
    public struct GetPathPermissions: CatalogMethod {
        public static let name = "getPathPermissions"
        public static let access = MethodAccess.authenticated

        public init() {}

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
            try arguments.onlyLFNs()
        }

        public func run(_ paths: LFNArgument, in context: CallContext) async -> DIRACResult {
            let write = context.policy.mayWrite(context.caller)
            var result = BulkResult()
            for entry in paths.entries.values {
                result.succeed(entry, ["Read": true, "Write": .bool(write), "Execute": true])
            }
            return result.result
        }
    }
}
