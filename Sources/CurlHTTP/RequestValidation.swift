/// Checks that a request can be handed to libcurl as it is.
///
/// A CR, LF or NUL inside a header or the URL would let a value start a new header line (header
/// injection) or be silently cut by C string handling, so such requests are refused up front.
enum RequestValidation {
    static func validate(_ request: HTTPRequest) throws(HTTPClientError) {
        let lowercasedURL = request.url.prefix(8).lowercased()
        guard lowercasedURL.hasPrefix("http://") || lowercasedURL.hasPrefix("https://") else {
            throw .invalidRequest("only http:// and https:// URLs are supported: \(request.url)")
        }
        if containsControlBreak(request.url) || request.url.utf8.contains(0x20) {
            throw .invalidRequest("URL contains a space, CR, LF or NUL: \(request.url)")
        }
        let method = request.method.rawValue
        guard !method.isEmpty, method.utf8.allSatisfy(isTokenByte) else {
            throw .invalidRequest("method is not an HTTP token: \(method)")
        }
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(isTokenByte) else {
                throw .invalidRequest("header name is not an HTTP token: \(field.name)")
            }
            if containsControlBreak(field.value) {
                throw .invalidRequest("value of header \(field.name) contains CR, LF or NUL")
            }
        }
    }

    private static func containsControlBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
