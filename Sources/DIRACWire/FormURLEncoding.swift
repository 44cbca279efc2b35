/// `application/x-www-form-urlencoded`, as `requests.post(url, data=dict)` writes it (Python's
/// `urllib.parse.urlencode`, i.e. `quote_plus`: space as `+`, everything but `A-Za-z0-9_.-~` percent-encoded)
/// and as Tornado reads it (`+` is a space, `%XX` a byte, the last of repeated fields wins for `get_argument`).
public enum FormURLEncoding {
    /// Decodes a body into fields in order; repeated names are kept. Runs over contiguous bytes (a 200 MB body
    /// costs a pass over memory, not a generic collection walk per byte).
    public static func decode(_ body: some Collection<UInt8>) -> [(name: String, value: String)] {
        if let fields = body.withContiguousStorageIfAvailable({ decode(bytes: $0) }) {
            return fields
        }
        return Array(body).withUnsafeBufferPointer { decode(bytes: $0) }
    }

    private static func decode(bytes: UnsafeBufferPointer<UInt8>) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        var start = 0
        let count = bytes.count
        while start <= count {
            var end = start
            while end < count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                var equals = start
                while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                if equals < end {
                    fields.append((
                        unescape(UnsafeBufferPointer(rebasing: bytes[start..<equals])),
                        unescape(UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<end]))))
                } else {
                    fields.append((unescape(UnsafeBufferPointer(rebasing: bytes[start..<end])), ""))
                }
            }
            start = end + 1
        }
        return fields
    }

    /// Encodes fields in order, as `urlencode` does.
    public static func encode(_ fields: [(name: String, value: String)]) -> String {
        fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// `quote_plus`.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `unquote_plus`: malformed escapes are kept literally, as Python does; invalid UTF-8 is replaced.
    static func unescape(_ bytes: some Collection<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ unescape($0) }) {
            return text
        }
        return Array(bytes).withUnsafeBufferPointer { unescape($0) }
    }

    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Nothing to decode (the usual case for names, most values): one copy straight into the String.
        if !bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var written = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "+") {
                    out[written] = UInt8(ascii: " ")
                } else if byte == UInt8(ascii: "%"), index + 2 < count,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                {
                    out[written] = high << 4 | low
                    index += 2
                } else {
                    out[written] = byte
                }
                written += 1
                index += 1
            }
            return written
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
