import DIRACWire
import Testing

@Suite("LogText: caller-controlled text in logs and answers")
struct LogTextTests {
    @Test("newlines, carriage returns, tabs, other controls and Unicode line separators are escaped")
    func controlsEscaped() {
        #expect(LogText.safe("a\nb\rc\td") == "a\\nb\\rc\\td")
        #expect(LogText.safe("x\u{0}y\u{1B}[31m\u{7F}\u{85}\u{2028}") == "x\\u{0}y\\u{1b}[31m\\u{7f}\\u{85}\\u{2028}")
        #expect(LogText.safe("back\\slash") == "back\\\\slash")
    }

    @Test("plain DNs pass unchanged")
    func plainUnchanged() {
        let dn = "/C=ch/O=CTAO/OU=DPPS Test/CN=Jürgen Müller"
        #expect(LogText.safe(dn) == dn)
    }

    @Test("text longer than the limit is cut and the rest counted")
    func bounded() {
        let long = String(repeating: "m", count: 65_536)
        let safe = LogText.safe(long)
        #expect(safe.hasPrefix(String(repeating: "m", count: 256) + "…"))
        #expect(safe.hasSuffix("(65280 more characters)"))
        #expect(LogText.safe("abc", limit: 2) == "ab…(1 more characters)")
    }
}
