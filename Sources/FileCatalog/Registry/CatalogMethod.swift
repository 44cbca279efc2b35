import DIRACWire

/// One method of the DIRAC FileCatalog surface: how its positional arguments are read, who may call it, and
/// what it does. Each handler is a small type in the file of its method family (service, permissions,
/// files, replicas, directories, metadata, datasets).
public protocol CatalogMethod: Sendable {
    associatedtype Arguments: Sendable

    /// The RPC name (`export_<name>` in DIRAC's handler).
    static var name: String { get }
    static var access: MethodAccess { get }

    /// Reads and checks the positional arguments, failing with DIRAC's `EINVAL` errors.
    func decode(_ arguments: ArgumentList) throws(DIRACError) -> Arguments

    /// Runs the call. Failures that DIRAC reports per LFN go into the bulk result; failures of the whole
    /// call are an `S_ERROR`.
    func run(_ arguments: Arguments, in context: CallContext) async -> DIRACResult
}
