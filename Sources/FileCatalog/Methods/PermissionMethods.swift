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
            var pathsIndex = 0
            var operationIndex = 1
            if case .string = try arguments.required(0, "paths"), case .dict? = arguments.optional(1) {
                (pathsIndex, operationIndex) = (1, 0)  // swapped legacy signature
            } else if case .string = try arguments.required(0, "paths"), case .list? = arguments.optional(1) {
                (pathsIndex, operationIndex) = (1, 0)
            }
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
            try arguments.expectAtMost(1)
            return try arguments.lfns(0, "lfns")
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
