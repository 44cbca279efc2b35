/// Builds the final response head from the lines libcurl hands to CURLOPT_HEADERFUNCTION.
///
/// libcurl calls the header callback once per complete line, CRLF included, for every response it
/// reads: interim `1xx` responses (e.g. `100 Continue`) each bring their own status line and
/// blank line before the final response's. Each status line therefore starts a new head, and the
/// head is final once a blank line ends a block whose status is not `1xx`. Lines after that are
/// trailers of a chunked body and are not mixed into the head.
struct ResponseHeaderParser {
    private(set) var status: Int?
    private(set) var headers = HTTPHeaders()
    /// The head of the final (non-1xx) response is complete.
    private(set) var isComplete = false
    /// At least one line of a response arrived.
    private(set) var receivedAnything = false

    mutating func consume(line bytes: UnsafeRawBufferPointer) {
        receivedAnything = true
        guard !isComplete else { return }

        var end = bytes.count
        while end > 0 && (bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r")) {
            end -= 1
        }
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<end])

        if line.isEmpty {
            if let status, status >= 200 { isComplete = true }
            return
        }
        if line.starts(with: "HTTP/".utf8) {
            status = Self.statusCode(statusLine: line)
            headers = HTTPHeaders()
            return
        }
        if line[0] == UInt8(ascii: " ") || line[0] == UInt8(ascii: "\t") {
            // Obsolete line folding (RFC 9112 §5.2): continues the previous field's value.
            guard let last = headers.fields.last else { return }
            let continuation = Self.trimmed(line)
            var fields = headers.fields
            fields[fields.count - 1].value = last.value.isEmpty ? continuation : last.value + " " + continuation
            headers = HTTPHeaders(fields)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<colon]), as: UTF8.self)
        let value = Self.trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
        headers.add(name: name, value: value)
    }

    /// "HTTP/1.1 200 OK" → 200.
    private static func statusCode(statusLine line: UnsafeRawBufferPointer) -> Int? {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        var code = 0
        var digits = 0
        var index = space + 1
        while index < line.count, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9"), digits < 3 {
            code = code * 10 + Int(line[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        return digits == 3 ? code : nil
    }

    /// The text without leading and trailing spaces and tabs (HTTP's optional whitespace).
    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> String {
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
