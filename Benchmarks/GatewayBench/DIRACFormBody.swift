/// The body of a DIRAC Tornado RPC call, as DIRAC's `TornadoClient` posts it:
/// `method=<name>&args=<JSON list>&clientVO=<vo>&clientSetup=<setup>`, form-encoded.
enum DIRACFormBody {
    static func make(method: String, argumentsJSON: String, clientVO: String, clientSetup: String) -> [UInt8] {
        let fields = [
            ("method", method), ("args", argumentsJSON), ("clientVO", clientVO), ("clientSetup", clientSetup),
        ]
        return Array(fields.map { "\($0.0)=\(quotePlus($0.1))" }.joined(separator: "&").utf8)
    }

    /// Percent-encodes like Python's `urllib.parse.quote_plus`: letters, digits and `_.-~` stay,
    /// a space becomes `+`, every other UTF-8 byte becomes `%XX` (upper-case hex).
    static func quotePlus(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "-"), UInt8(ascii: "~"):
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
}
