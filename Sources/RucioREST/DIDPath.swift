/// Builds the URL pieces of Rucio's REST paths: DID paths, single path segments, query strings.
///
/// ## DIDs in URL paths (`/dids/{scope}/{name}/…`)
///
/// CTAO runs Rucio behind Apache with `AllowEncodedSlashes NoDecode` and
/// `RUCIO_HTTPD_ENCODED_SLASHES_NO_DECODE=True` (the project's peer reproduces it, see
/// `docs/rucio-dev.md`). Rucio then splits `{scope}/{name}` at the **one unencoded `/`**, so every
/// `/` of the name must travel as `%2F` — the python client's `quote_plus(name)` form:
///
///     GET /dids/MC/%2Fctao%2FMC%2FPROD6
///
/// An unencoded name (`/dids/MC/ctao/MC/PROD6`) is refused with 400 `ValueError`.
///
/// The name is decoded **twice** on the way: the front decodes every escape except `%2F`, then
/// Rucio `unquote_plus()`es the name. So a `+` would arrive as a space and a `%` would start a new
/// escape. `didPath` therefore encodes the name once completely and then once more except for the
/// `%2F` escapes: `/ctao/a+b` becomes `%2Fctao%2Fa%252Bb`. For every name Rucio's NAME schemas
/// accept (`^/?[A-Za-z0-9][/A-Za-z0-9.\-_]*$`) the result is exactly the python client's form.
///
/// Because the name's slashes are encoded, a name whose last element is a route suffix (`files`,
/// `meta`, `dids`, `status`, `parents`, `rules`, …) is *not* taken for that route behind this
/// front (checked on the peer: `GET /dids/tests/%2Fctao%2Ftests%2Ffiles` is the DID
/// `/ctao/tests/files`). Behind a front that decodes `%2F` it would be: prefer the bulk POST
/// endpoints, whose names travel in the JSON body, wherever one exists.
public enum RucioPath {
    /// `{scope}/{name}` for `/dids/…`, `/replicas/…` paths, encoded as described above.
    public static func did(_ did: RucioDID) -> String {
        segment(did.scope) + "/" + doublyEncodedName(did.name)
    }

    /// One path segment (an RSE, a rule id, an account, a metadata key): every byte outside
    /// RFC 3986's unreserved set (`A–Z a–z 0–9 - . _ ~`) percent-encoded, `/` included.
    public static func segment(_ text: String) -> String {
        percentEncoded(text)
    }

    /// A query string `?k1=v1&k2=v2` with keys and values percent-encoded (empty for no items).
    public static func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { percentEncoded($0.0) + "=" + percentEncoded($0.1) }.joined(separator: "&")
    }

    /// The name encoded so that the front's decoding (all escapes but `%2F`) followed by Rucio's
    /// `unquote_plus` gives it back: encode everything, then encode each `%` again unless it
    /// starts a `%2F`.
    static func doublyEncodedName(_ name: String) -> String {
        let once = percentEncoded(name)
        var result = ""
        result.reserveCapacity(once.utf8.count)
        var bytes = once.utf8[...]
        while let byte = bytes.first {
            if byte == UInt8(ascii: "%") {
                let escape = bytes.prefix(3)
                if escape.elementsEqual("%2F".utf8) {
                    result += "%2F"
                } else {
                    result += "%25" + String(decoding: escape.dropFirst(), as: UTF8.self)
                }
                bytes = bytes.dropFirst(3)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
                bytes = bytes.dropFirst()
            }
        }
        return result
    }

    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
