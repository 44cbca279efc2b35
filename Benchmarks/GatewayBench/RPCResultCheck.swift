/// Whether a DIRAC RPC answer reports success: a JSON object whose first member is `"OK": true`
/// (DIRAC writes `{"OK": true, "Value": …}`). Only the opening is read, whitespace allowed, so a
/// large Value costs nothing to check.
enum RPCResultCheck {
    static func isOK(_ body: [UInt8]) -> Bool {
        var index = 0
        func skipWhitespace() {
            while index < body.count, [0x20, 0x09, 0x0A, 0x0D].contains(body[index]) { index += 1 }
        }
        func expect(_ text: String) -> Bool {
            for byte in text.utf8 {
                guard index < body.count, body[index] == byte else { return false }
                index += 1
            }
            return true
        }
        skipWhitespace()
        guard expect("{") else { return false }
        skipWhitespace()
        guard expect("\"OK\"") else { return false }
        skipWhitespace()
        guard expect(":") else { return false }
        skipWhitespace()
        return expect("true")
    }
}
