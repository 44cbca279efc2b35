import ScopeAlgorithms
import Testing

/// `ctao_bdms` quotes the DID with Python's `repr`; these pin how that looks for awkward input.
@Suite("error messages reproduce Python's text")
struct ErrorMessageTests {
    static let suffix = " does not match expected schema: /<VO Name>/<scope>/<path>."

    @Test("repr quoting and escapes in the 'does not match expected schema' message", arguments: [
        ("a", "'a'"),
        ("it's", "\"it's\""),  // a single quote and no double quote: double quotes
        ("it's \"x\"", "'it\\'s \"x\"'"),  // both: single quotes, the single one escaped
        ("a\\b", "'a\\\\b'"),
        ("a\tb\nc\rd", "'a\\tb\\nc\\rd'"),
        ("\u{0}\u{1}\u{7F}", "'\\x00\\x01\\x7f'"),
        ("\u{85}\u{A0}\u{AD}", "'\\x85\\xa0\\xad'"),  // C1 control, NBSP (Zs), soft hyphen (Cf)
        ("\u{200B}\u{2028}\u{FEFF}\u{E000}", "'\\u200b\\u2028\\ufeff\\ue000'"),
        ("\u{F0000}", "'\\U000f0000'"),
        ("\u{E9}\u{671B}\u{1F600}e\u{301}", "'\u{E9}\u{671B}\u{1F600}e\u{301}'"),  // printable: as is
        ("", "''"),
    ] as [(String, String)])
    func reprInMessage(_ did: String, _ repr: String) {
        let error = ScopeError.notMatchingCTAOSchema(did: did)
        #expect(error.message.unicodeScalars.elementsEqual(("DID " + repr + Self.suffix).unicodeScalars))
    }

    @Test("the scope mismatch message quotes plainly, without repr escapes")
    func mismatchPlainQuotes() {
        #expect(ScopeError.givenScopeMismatch(given: "it's\n", extracted: "b").message
            == "Given scope 'it's\n' does not match extracted scope 'b'")
    }

    @Test("description joins the Python exception class and message")
    func description() {
        #expect(ScopeError.tooFewPathElements(did: "/").description == "IndexError: list index out of range")
    }
}
