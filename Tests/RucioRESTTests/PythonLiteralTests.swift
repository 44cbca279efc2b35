import GatewayJSON
import RucioREST
import Testing

@Suite("Python literal encoding of search filters")
struct PythonLiteralTests {
    @Test("null, booleans and numbers use Python's spellings (None, True, False), not JSON's")
    func scalars() throws {
        #expect(try PythonLiteral.encode(.null) == "None")
        #expect(try PythonLiteral.encode(true) == "True")
        #expect(try PythonLiteral.encode(false) == "False")
        #expect(try PythonLiteral.encode(.int(-42)) == "-42")
        #expect(try PythonLiteral.encode(.double(20.0)) == "20.0")
        #expect(try PythonLiteral.encode(.double(0.5)) == "0.5")
        #expect(try PythonLiteral.encode(.double(1e-5)) == "1e-05")
        #expect(try PythonLiteral.encode(.double(1e16)) == "1e+16")
    }

    @Test("strings are single-quoted with backslash, quote and control characters escaped")
    func strings() throws {
        #expect(try PythonLiteral.encode("/ctao/MC/*") == "'/ctao/MC/*'")
        #expect(try PythonLiteral.encode("it's") == #"'it\'s'"#)
        #expect(try PythonLiteral.encode(#"a\b"#) == #"'a\\b'"#)
        #expect(try PythonLiteral.encode("say \"hi\"") == #"'say "hi"'"#)
        #expect(try PythonLiteral.encode("l1\nl2\r\t") == #"'l1\nl2\r\t'"#)
        #expect(try PythonLiteral.encode("\u{1}\u{7F}") == #"'\x01\x7f'"#)
    }

    @Test("non-ASCII characters become \\u / \\U escapes, so the literal is pure ASCII")
    func unicode() throws {
        #expect(try PythonLiteral.encode("é") == #"'\u00e9'"#)
        #expect(try PythonLiteral.encode("✓") == #"'\u2713'"#)
        #expect(try PythonLiteral.encode("🔭") == #"'\U0001f52d'"#)
    }

    @Test("a filter list is a list of dicts in the given key order (OR of AND groups)")
    func filterList() throws {
        let filters: JSON = [["particle": "gamma", "thetaP.gte": 20, "valid": true], ["name": "/ctao/*", "x": nil]]
        #expect(
            try PythonLiteral.encode(filters)
                == "[{'particle': 'gamma', 'thetaP.gte': 20, 'valid': True}, {'name': '/ctao/*', 'x': None}]")
        #expect(try PythonLiteral.encode([]) == "[]")
        #expect(try PythonLiteral.encode([:]) == "{}")
    }

    @Test("NaN and infinities are refused: Python has no literal for them")
    func nonFinite() {
        #expect(throws: PythonLiteral.EncodingError.self) { try PythonLiteral.encode(.double(.nan)) }
        #expect(throws: PythonLiteral.EncodingError.self) { try PythonLiteral.encode([["x": .double(.infinity)]]) }
    }
}
