import OrderedCollections

/// A value as DIRAC's RPC layer knows it: what `DIRAC.Core.Utilities.JEncode` can carry.
///
/// JSON plus the three extra types JEncode tags with `__dCls` (`datetime`, `date`, `bytes`). Tuples arrive
/// as lists and integer dictionary keys as strings, exactly as Python's `json` module turns them, so the
/// gateway never needs to tell them apart.
public enum DIRACValue: Sendable, Hashable {
    case none
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([DIRACValue])
    case dict(OrderedDictionary<String, DIRACValue>)
    /// `datetime.datetime`, naive UTC as DIRAC uses it, to the second (JEncode drops microseconds).
    case datetime(DIRACDateTime)
    /// `datetime.date`.
    case date(DIRACDate)
    /// `bytes`.
    case bytes([UInt8])
}

extension DIRACValue {
    /// Python's name for the type of the value, used in DIRAC-style argument errors.
    public var pythonTypeName: String {
        switch self {
        case .none: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .list: "list"
        case .dict: "dict"
        case .datetime: "datetime"
        case .date: "date"
        case .bytes: "bytes"
        }
    }

    /// Python truthiness, which DIRAC code uses everywhere (`if not value`).
    public var isTruthy: Bool {
        switch self {
        case .none: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .list(let value): !value.isEmpty
        case .dict(let value): !value.isEmpty
        case .datetime, .date: true
        case .bytes(let value): !value.isEmpty
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    public var listValue: [DIRACValue]? {
        if case .list(let value) = self { return value }
        return nil
    }

    public var dictValue: OrderedDictionary<String, DIRACValue>? {
        if case .dict(let value) = self { return value }
        return nil
    }

    /// Member lookup; `nil` when this is not a dict or the key is absent.
    public subscript(key: String) -> DIRACValue? {
        if case .dict(let members) = self { return members[key] }
        return nil
    }
}

extension DIRACValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .none }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: DIRACValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, DIRACValue)...) {
        self = .dict(OrderedDictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
