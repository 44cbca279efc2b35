import GatewayJSON

/// Writes a JSON value as a Python literal that `ast.literal_eval` reads back as the same value.
///
/// Rucio's DID search (`GET /dids/{scope}/dids/search?filters=…`) parses `filters` with
/// `ast.literal_eval`, i.e. as Python source (the python client sends `str(list_of_dicts)`).
/// JSON text does not work there: `true`, `false` and `null` are not Python, and the `ValueError`
/// is raised outside the view's error handling, so the server answers **500 with a plain-text
/// body**. Hence this encoder:
///
/// - `null` → `None`, booleans → `True` / `False`;
/// - integers in decimal; reals in Swift's shortest round-trip form (`20.0`, `1e-05`, `1e+16`),
///   all valid Python float literals; NaN and infinities have no literal and are refused;
/// - strings single-quoted with `\\`, `\'`, `\n`, `\r`, `\t`, `\xHH` for other ASCII controls and
///   `\uXXXX` / `\UXXXXXXXX` for every non-ASCII scalar, so the text is pure ASCII;
/// - arrays as lists `[a, b]`, objects as dicts `{'k': v}` in their order.
///
/// What this cannot prevent (server side, `FilterEngine._try_typecast_string`): every string value
/// is rewritten `true`→`True` and `false`→`False` *as substrings*, then parsed as a date, then, if
/// it contains none of `+ - * /`, passed through `literal_eval` again (so `'20'` matches the number
/// 20). Names with slashes are safe from the last step, not from the first.
public enum PythonLiteral {
    public struct EncodingError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    public static func encode(_ value: JSON) throws(EncodingError) -> String {
        var output = ""
        try write(value, to: &output)
        return output
    }

    private static func write(_ value: JSON, to output: inout String) throws(EncodingError) {
        switch value {
        case .null:
            output += "None"
        case .bool(let flag):
            output += flag ? "True" : "False"
        case .int(let number):
            output += String(number)
        case .double(let number):
            guard number.isFinite else {
                throw EncodingError(description: "\(number) has no Python literal (literal_eval refuses inf and nan)")
            }
            output += number.description
        case .string(let text):
            writeString(text, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                try write(element, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { output += ", " }
                writeString(key, to: &output)
                output += ": "
                try write(member, to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "'": output += "\\'"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                let value = scalar.value
                if value < 0x20 || value == 0x7F {
                    output += "\\x" + hex(value, digits: 2)
                } else if value < 0x80 {
                    output.unicodeScalars.append(scalar)
                } else if value <= 0xFFFF {
                    output += "\\u" + hex(value, digits: 4)
                } else {
                    output += "\\U" + hex(value, digits: 8)
                }
            }
        }
        output += "'"
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
