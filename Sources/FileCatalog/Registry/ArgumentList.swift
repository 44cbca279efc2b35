import DIRACWire

/// The positional arguments of one call, with typed accessors that fail the DIRAC way:
/// `S_ERROR(EINVAL, "<method>: …")`, which the client shows as `Invalid argument ( 22 : <method>: …)`.
///
/// DIRAC's Tornado server applies arguments positionally and does not check `types_<method>` (a wrong call
/// raises inside the handler and becomes an HTTP 500); the gateway checks them and answers a precise S_ERROR.
public struct ArgumentList: Sendable {
    public var method: String
    public var values: [DIRACValue]
    /// What one LFN argument may hold (`server.maxLFNLength`, `server.maxLFNsPerCall`).
    public var lfnLimits: LFNArgument.Limits

    public init(method: String, values: [DIRACValue], lfnLimits: LFNArgument.Limits = .default) {
        self.method = method
        self.values = values
        self.lfnLimits = lfnLimits
    }

    /// Refuses more arguments than the method takes.
    public func expectAtMost(_ count: Int) throws(DIRACError) {
        guard values.count <= count else {
            throw .invalidArgument("\(method) takes at most \(count) argument(s), \(values.count) given")
        }
    }

    /// Argument `index` (0-based), which must be present.
    public func required(_ index: Int, _ name: String) throws(DIRACError) -> DIRACValue {
        guard index < values.count else {
            throw .invalidArgument("\(method): missing argument \(index + 1) (\(name))")
        }
        return values[index]
    }

    /// Argument `index`, or `nil` when not sent.
    public func optional(_ index: Int) -> DIRACValue? {
        // Not `cond ? values[index] : nil`: there the literal becomes `DIRACValue.none` (Python's None, the
        // type being ExpressibleByNilLiteral) and a missing argument would read as `.some(.none)`.
        guard index < values.count else { return Optional.none }
        return values[index]
    }

    public func string(_ index: Int, _ name: String) throws(DIRACError) -> String {
        let value = try required(index, name)
        guard let text = value.stringValue else { throw mismatch(index, name, "str", value) }
        return text
    }

    /// A flag: DIRAC callers send booleans, old scripts 0/1.
    public func bool(_ index: Int, _ name: String, default defaultValue: Bool) throws(DIRACError) -> Bool {
        switch optional(index) {
        case nil, .none?: return defaultValue
        case .bool(let flag)?: return flag
        case .int(let number)? where number == 0 || number == 1: return number == 1
        case let value?: throw mismatch(index, name, "bool", value)
        }
    }

    /// The one argument of most catalog methods, `(lfns)`: an LFN collection and nothing else.
    public func onlyLFNs() throws(DIRACError) -> LFNArgument {
        try expectAtMost(1)
        return try lfns(0, "lfns")
    }

    /// An LFN collection (str | list | dict), normalised as `checkArgumentFormat` does.
    public func lfns(_ index: Int, _ name: String) throws(DIRACError) -> LFNArgument {
        // DIRAC's own messages ("Empty input: …", "Utils.checkArgumentFormat: …"), which callers may match.
        try LFNArgument(try required(index, name), limits: lfnLimits)
    }

    public func mismatch(_ index: Int, _ name: String, _ expected: String, _ value: DIRACValue) -> DIRACError {
        .invalidArgument("\(method): argument \(index + 1) (\(name)) must be \(expected), got \(value.pythonTypeName)")
    }
}
