import GatewayJSON

/// Lenient readers for the fields of Rucio's records.
extension JSON {
    /// An integer, also from a real with an integral value: Rucio sends dataset sizes computed
    /// by SQL sums as reals (`"bytes": 3703694890.0`).
    var integer: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.2e18: return Int64(value)
        default: return nil
        }
    }

    /// A string, nil for `null` or another type.
    var string: String? { stringValue }

    /// A boolean, also from Rucio's string spellings (`"True"`, `"true"`) in attribute values.
    var boolean: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let text):
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }
}
