/// Text that a caller controls (DNs, groups, method names, LFNs), made safe to put in a log line or an answer:
/// control characters are escaped, so a DN with a newline cannot forge a log line, and the length is bounded,
/// so a 64 KB method name costs a few hundred bytes of log, not 64 KB per call.
public enum LogText {
    /// Characters kept before the text is cut.
    public static let defaultLimit = 256

    /// `text` with C0/C1 controls, DEL and the Unicode line and paragraph separators escaped (`\n`, `\r`, `\t`,
    /// `\u{…}`), a backslash doubled, and at most `limit` characters kept (the rest counted, not shown).
    public static func safe(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var out = ""
        var kept = 0
        var dropped = 0
        for scalar in text.unicodeScalars {
            if kept >= limit {
                dropped += 1
                continue
            }
            kept += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 {
                    out += "\\u{" + String(value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        if dropped > 0 { out += "…(\(dropped) more characters)" }
        return out
    }
}
