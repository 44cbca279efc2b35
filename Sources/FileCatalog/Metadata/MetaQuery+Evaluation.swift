import DIRACWire
import GatewayJSON

/// Local evaluation of a query against stored values: the exact semantics of the gateway's queries. Rucio's
/// search narrows the candidates (`QueryPlan`), but every candidate is checked here, so Rucio's filter quirks
/// (strings rewritten by its type casting, `.ne` matching a missing key, no `?` wildcard) never change an answer.
extension MetaTerm {
    /// Whether a value (nil: the key is absent) satisfies every condition of the term.
    public func matches(_ value: JSON?) -> Bool {
        conditions.allSatisfy { $0.matches(value, type: level.fieldType) }
    }
}

extension MetaCondition {
    func matches(_ stored: JSON?, type: MetadataFieldType?) -> Bool {
        let value: JSON? = (stored?.isNull ?? true) ? nil : stored
        switch self {
        case .any: return value != nil
        case .missing: return value == nil
        default: break
        }
        guard let value else { return false }
        // A list value (Rucio keeps lists, CTAO writes some) matches when one of its items does.
        if case .array(let items) = value {
            switch self {
            case .notEqual, .noneOf: return items.allSatisfy { matches($0, type: type) }
            default: return items.contains { matches($0, type: type) }
            }
        }
        guard let actual = MetaScalar(stored: value, type: type) else { return false }
        switch self {
        case .any, .missing: return true
        case .equal(let operand): return actual.looselyEquals(operand)
        case .notEqual(let operand): return !actual.looselyEquals(operand)
        case .oneOf(let operands): return operands.contains { actual.looselyEquals($0) }
        case .noneOf(let operands): return !operands.contains { actual.looselyEquals($0) }
        case .less(let operand): return actual.compare(operand).map { $0 < 0 } ?? false
        case .lessOrEqual(let operand): return actual.compare(operand).map { $0 <= 0 } ?? false
        case .greater(let operand): return actual.compare(operand).map { $0 > 0 } ?? false
        case .greaterOrEqual(let operand): return actual.compare(operand).map { $0 >= 0 } ?? false
        case .like(let pattern): return Wildcard.matches(actual.text, pattern: pattern)
        }
    }
}

extension MetaScalar {
    /// A stored JSON value as a scalar, read as its field's type (a `DATETIME` string as a date).
    init?(stored: JSON, type: MetadataFieldType?) {
        switch stored {
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .bool(let flag): self = .bool(flag)
        case .string(let text):
            if case .datetime? = type?.kind, let time = DIRACDateTime(parsing: text) {
                self = .datetime(time)
            } else {
                self = .string(text)
            }
        case .null, .array, .object: return nil
        }
    }

    /// The text a wildcard pattern is matched against.
    var text: String {
        switch self {
        case .string(let text): text
        case .datetime(let time): time.description
        default: description
        }
    }

    /// Equality as MySQL compares a column with an operand: numbers by value (`20` = `20.0` = `"20.0"`),
    /// dates by instant, strings exactly.
    func looselyEquals(_ other: MetaScalar) -> Bool {
        compare(other) == 0
    }

    /// -1, 0 or 1, or nil for values that do not compare (a word with a number, a date with a word).
    func compare(_ other: MetaScalar) -> Int? {
        switch (self, other) {
        case (.string(let lhs), .string(let rhs)):
            return lhs == rhs ? 0 : (lhs < rhs ? -1 : 1)
        case (.datetime(let lhs), .datetime(let rhs)):
            return lhs == rhs ? 0 : (lhs < rhs ? -1 : 1)
        case (.datetime(let lhs), .string(let text)), (.string(let text), .datetime(let lhs)):
            guard let rhs = DIRACDateTime(parsing: text) else { return nil }
            let order = lhs == rhs ? 0 : (lhs < rhs ? -1 : 1)
            if case .datetime = self { return order }
            return -order
        default:
            guard let lhs = MetaScalar.number(self), let rhs = MetaScalar.number(other) else { return nil }
            return lhs == rhs ? 0 : (lhs < rhs ? -1 : 1)
        }
    }
}

/// The DFC's wildcards on file-level strings (`*` → SQL `%`, `?` → `_`), matched on whole values.
enum Wildcard {
    static func matches(_ text: String, pattern: String) -> Bool {
        let value = Array(text.unicodeScalars)
        let glob = Array(pattern.unicodeScalars)
        var v = 0, g = 0, star = -1, mark = 0
        while v < value.count {
            if g < glob.count, glob[g] == "?" || (glob[g] != "*" && glob[g] == value[v]) {
                v += 1
                g += 1
            } else if g < glob.count, glob[g] == "*" {
                star = g
                mark = v
                g += 1
            } else if star >= 0 {
                g = star + 1
                mark += 1
                v = mark
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == "*" { g += 1 }
        return g == glob.count
    }
}
