import GatewayJSON
import OrderedCollections

/// What a DIRAC service method returns: `S_OK(value)` or `S_ERROR(...)`, plus the extra top-level keys some
/// DFC methods add beside `Value` (`MetadataOwner`, `MetadataType`, `QueryTime`), which pass through to callers.
public struct DIRACResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case ok(DIRACValue)
        case error(DIRACError)
    }

    public var outcome: Outcome
    /// Extra top-level keys, beside `OK`/`Value`.
    public var extraKeys: OrderedDictionary<String, DIRACValue>

    public init(_ outcome: Outcome, extraKeys: OrderedDictionary<String, DIRACValue> = [:]) {
        self.outcome = outcome
        self.extraKeys = extraKeys
    }

    /// `S_OK(value)`; `S_OK()` is `S_OK(None)`.
    public static func ok(_ value: DIRACValue = .none) -> DIRACResult { DIRACResult(.ok(value)) }

    /// `S_ERROR(error)`.
    public static func error(_ error: DIRACError) -> DIRACResult { DIRACResult(.error(error)) }

    /// `S_ERROR(message)`.
    public static func error(_ message: String) -> DIRACResult { DIRACResult(.error(DIRACError(message))) }

    /// `S_ERROR(errno, message)`.
    public static func error(errno: Int32, _ message: String) -> DIRACResult {
        DIRACResult(.error(DIRACError(errno: errno, message)))
    }

    public var isOK: Bool {
        if case .ok = outcome { return true }
        return false
    }

    /// The `Value` of an `S_OK`.
    public var value: DIRACValue? {
        if case .ok(let value) = outcome { return value }
        return nil
    }

    /// The return structure as the Tornado server sends it: `CallStack` and `ExecInfo` are never sent.
    public var wireValue: DIRACValue {
        var members: OrderedDictionary<String, DIRACValue>
        switch outcome {
        case .ok(let value):
            members = ["OK": true, "Value": value]
        case .error(let error):
            members = ["OK": false, "Message": .string(error.message), "Errno": .int(Int64(error.errno))]
        }
        for (key, value) in extraKeys where members[key] == nil {
            members[key] = value
        }
        return .dict(members)
    }

    /// The HTTP body: the JEncoded return structure.
    public func jencodedBody() -> [UInt8] {
        JEncode.encode(wireValue)
    }
}
