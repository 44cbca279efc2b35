import ScopeAlgorithms
import Testing

/// The NAME and SCOPE schemas of ctao-bdms-rucio-policy 0.6.0 (`schema.py`, tests in `test_schema.py`)
/// and Rucio's generic schema (rucio 41.5.1 `rucio/common/schema/generic.py`).
@Suite("DID name and scope schema")
struct NameSchemaTests {
    static let longLFN =
        "/ctao/dl0/telescope/TEL001/events/2024/06/17/TEL001_SDH001_20240617T030105_SBID2000012345_OBSID2000006789_TEL_SHOWER_CHUNK000.fits.fz"

    @Test("the policy's valid names and typical CTAO LFNs pass", arguments: [
        "/ctao.dpps.test/foo/bar/test.dat", "/ctao.dpps.test/foo/bar/1234.dat", "/foo/bar", "/foo/bar/test.dat",
        longLFN, "/ctao", "/ctao/", "/ctao//x", "/0", "/ctao/LSTN-01/DL0/2025/06/17/LST-1.1.Run12345.0000.fits.fz",
        "/ctao/user/a/aeinstein/example_file.fits", "/ctao/x.", "/ctao/-/_/.",
    ])
    func validName(_ name: String) {
        #expect(validateName(name) == nil)
    }

    @Test("the policy's invalid names fail because the leading / is missing", arguments: [
        "foo", "foo.dat", String(longLFN.dropFirst()),
    ])
    func invalidName(_ name: String) {
        #expect(validateName(name)?.kind == .missingLeadingSlash(found: name.unicodeScalars.first!))
        #expect(validateName(name)?.schemaKeyword == "pattern")
        // Rucio's generic schema accepts them: CTAO's only change is the mandatory leading "/".
        #expect(validateName(name, schema: .generic) == nil)
    }

    @Test("'/' alone and an element starting with '.', '-' or '_' right after the leading / are refused")
    func firstElementStart() {
        #expect(validateName("/")?.kind == .badFirstElementStart(found: nil))
        #expect(validateName("/.x")?.kind == .badFirstElementStart(found: "."))
        #expect(validateName("/-x")?.kind == .badFirstElementStart(found: "-"))
        #expect(validateName("/_x")?.kind == .badFirstElementStart(found: "_"))
        #expect(validateName("//x")?.kind == .badFirstElementStart(found: "/"))
        #expect(validateName("/", schema: .generic) == nil)
        #expect(validateName(".x", schema: .generic)?.kind == .badFirstCharacter(found: "."))
    }

    @Test("characters DIRAC allows but Rucio refuses are reported with their position", arguments: [
        (" ", 9), (":", 9), ("+", 9), ("@", 9), ("=", 9), (",", 9), ("~", 9), ("%", 9), ("#", 9), ("\u{E9}", 9),
        ("\u{212A}", 9), ("\u{0}", 9), ("\t", 9),
    ] as [(String, Int)])
    func forbiddenCharacter(_ character: String, _ offset: Int) {
        let name = "/ctao/ab/" + character + "x"
        let problem = validateName(name)
        #expect(problem?.kind == .forbiddenCharacter(character.unicodeScalars.first!, offset: offset))
        #expect(problem?.field == .name)
        #expect(problem?.reason.contains("position \(offset)") == true)
    }

    @Test("a final newline passes, as Python's $ matches before it; a newline anywhere else fails")
    func finalNewline() {
        #expect(validateName("/ctao/x\n") == nil)
        #expect(validateName("/ctao/x\n\n")?.kind == .forbiddenCharacter("\n", offset: 7))
        #expect(validateName("/ctao/\n/x")?.kind == .forbiddenCharacter("\n", offset: 6))
        #expect(validateScope("foo\n") == nil)
        #expect(validateName("\n")?.kind == .missingLeadingSlash(found: "\n"))
    }

    @Test("names may be 250 code points long, not 251; length counts code points, not Characters")
    func nameLength() {
        let base = "/ctao/acada/"
        let ok = base + String(repeating: "a", count: 250 - base.count)
        #expect(validateName(ok) == nil)
        let long = ok + "b"
        #expect(validateName(long)?.kind == .tooLong(length: 251, limit: 250))
        #expect(validateName(long)?.schemaKeyword == "maxLength")
        // "e" + U+0301 is one Character but two code points, and is refused anyway (non-ASCII).
        let combining = String(ok.dropLast(2)) + "e\u{301}"
        #expect(nameProblems(combining).map(\.schemaKeyword) == ["pattern"])
        #expect(nameProblems(long + " ").map(\.schemaKeyword) == ["pattern", "maxLength"])
    }

    @Test("the empty name is refused (Rucio's validate_schema would skip it, the schema does not)")
    func emptyName() {
        #expect(validateName("")?.kind == .empty)
        #expect(validateName("", schema: .generic)?.kind == .empty)
    }

    @Test("scopes: up to 25 of letters, digits, '.', '-', '_'; user.<name> fits for names of at most 20")
    func scopes() {
        for scope in ["root", "acada", "user.aeinstein", "t_20260101_120000_ab12", "LSTN-01", "user." + String(repeating: "u", count: 20)] {
            #expect(validateScope(scope) == nil, "\(scope)")
        }
        #expect(validateScope("user." + String(repeating: "u", count: 21))?.kind == .tooLong(length: 26, limit: 25))
        #expect(validateScope("")?.kind == .empty)
        #expect(validateScope("a b")?.kind == .forbiddenCharacter(" ", offset: 1))
        #expect(validateScope("a/b")?.kind == .forbiddenCharacter("/", offset: 1))
        #expect(validateScope("a/b")?.field == .scope)
    }

    @Test("reasons name the problem in words a DIRAC user can act on")
    func reasons() {
        #expect(validateName("ctao/x")?.reason == "DID name must start with '/', not 'c' (U+0063)")
        #expect(validateName("/")?.reason == "DID name must have a path element after the leading '/'")
        #expect(validateName("/ctao/a b")?.reason
            == "DID name contains U+0020 at position 7; only ASCII letters, digits, '/', '.', '-' and '_' are allowed")
        #expect(validateScope(String(repeating: "s", count: 26))?.reason == "scope is 26 characters long; Rucio allows at most 25")
    }
}
