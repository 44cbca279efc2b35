import ScopeAlgorithms
import Testing

/// The test vectors of ctao-bdms-rucio-policy 0.6.0 (`src/bdms_rucio_policy/tests/test_algorithms.py`,
/// copied here so nothing outside this directory is read at test time), and the edge cases worked
/// out by running the 0.6.0 code.
@Suite("ctao_bdms scope algorithm (ctao-bdms-rucio-policy 0.6.0)")
struct CTAOPolicyVectorTests {
    static let longLFN =
        "/ctao/test/telescope/TEL001/events/2024/06/17/TEL001_SDH001_20240617T030105_SBID2000012345_OBSID2000006789_TEL_SHOWER_CHUNK000.fits.fz"

    /// The 15 valid vectors: input DID and expected scope. The expected name is the input after its
    /// last `:` (the policy test computes it as `did.rpartition(":")[2]`).
    static let validVectors: [(did: String, scope: String)] = [
        ("/ctao.org/foo/foo.dat", "foo"),
        ("/ctao.org/bar/test.dat", "bar"),
        (longLFN, "test"),
        ("/ctao.dpps.test/", "root"),
        ("/ctao.dpps.test", "root"),
        ("/", "root"),
        ("foo:/ctao.org/foo/foo.dat", "foo"),
        ("bar:/ctao.org/bar/foo.dat", "bar"),
        ("/ctao.org/user", "root"),
        ("/ctao.org/user/a", "root"),
        ("/ctao.org/user/e", "root"),
        ("/ctao.org/user/a/aeinstein", "user.aeinstein"),
        ("/ctao.org/user/e/efermi", "user.efermi"),
        ("/ctao.org/user/a/aeinstein/example_file.fits", "user.aeinstein"),
        ("/ctao.org/user/e/efermi/some/deep/example/file.h5", "user.efermi"),
    ]

    @Test("each of the policy's 15 valid vectors gives its scope, and the name is the input without its scope: prefix",
          arguments: validVectors.map { [$0.did, $0.scope] })
    func validVector(_ vector: [String]) throws {
        let (did, scope) = (vector[0], vector[1])
        let expectedName = did.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? did
        let result = try ScopeAlgorithm.ctaoBDMS.extract(did, scopes: nil)
        #expect(result == DID(scope: scope, name: expectedName))
    }

    @Test("exactly 15 valid vectors are pinned, as in the policy's test file")
    func validVectorCount() {
        #expect(Self.validVectors.count == 15)
    }

    /// The 4 error vectors, with the full message (the policy test matches the start with `re.search`).
    static let errorVectors: [(did: String, error: ScopeError, message: String)] = [
        ("test:foo.dat", .notMatchingCTAOSchema(did: "test:foo.dat"),
         "DID 'test:foo.dat' does not match expected schema: /<VO Name>/<scope>/<path>."),
        ("test/bar/baz", .notMatchingCTAOSchema(did: "test/bar/baz"),
         "DID 'test/bar/baz' does not match expected schema: /<VO Name>/<scope>/<path>."),
        ("foo:/ctao.org/bar/test.dat", .givenScopeMismatch(given: "foo", extracted: "bar"),
         "Given scope 'foo' does not match extracted scope 'bar'"),
        ("foo:/ctao.org/", .givenScopeMismatch(given: "foo", extracted: "root"),
         "Given scope 'foo' does not match extracted scope 'root'"),
    ]

    @Test("each of the policy's 4 error vectors raises the same ValueError text",
          arguments: 0..<4)
    func errorVector(_ index: Int) {
        let vector = Self.errorVectors[index]
        #expect(throws: vector.error) { try ScopeAlgorithm.ctaoBDMS.extract(vector.did) }
        #expect(vector.error.message == vector.message)
        #expect(vector.error.pythonExceptionType == "ValueError")
    }

    /// Edge cases from running the 0.6.0 code (ctao-packages.md §1.1), not in the package's tests.
    static let edgeCases: [(did: String, scope: String, name: String)] = [
        (":/ctao/foo/x", "foo", "/ctao/foo/x"),  // an empty given scope counts as none
        ("root:/ctao", "root", "/ctao"),
        ("root:/", "root", "/"),
        ("//ctao//foo//x", "foo", "//ctao//foo//x"),  // empty elements dropped, name unchanged
        ("/ctao/foo/", "foo", "/ctao/foo/"),  // trailing slash kept in the name
        ("/ctao/user/a/aeinstein/", "user.aeinstein", "/ctao/user/a/aeinstein/"),
        ("/ctao/user/b/aeinstein/x", "user.aeinstein", "/ctao/user/b/aeinstein/x"),  // letter not checked
        ("/ctao/users/a/b", "users", "/ctao/users/a/b"),  // only the exact word "user" is special
        ("/ctao/User/a/b", "User", "/ctao/User/a/b"),
        ("/ctao.dpps.test/", "root", "/ctao.dpps.test/"),
        ("/vo.cta.in2p3.fr/acada/DL0/x.fits.fz", "acada", "/vo.cta.in2p3.fr/acada/DL0/x.fits.fz"),  // VO unchecked
        ("/ctao/LSTN-01/DL0/2025/06/17/LST-1.1.Run12345.0000.fits.fz", "LSTN-01",
         "/ctao/LSTN-01/DL0/2025/06/17/LST-1.1.Run12345.0000.fits.fz"),
        ("/ctao//user//a//bob", "user.bob", "/ctao//user//a//bob"),
        ("/ctao/user//a", "root", "/ctao/user//a"),
        ("user.bob:/ctao/user/b/bob/f", "user.bob", "/ctao/user/b/bob/f"),
        ("/ctao/a b", "a b", "/ctao/a b"),  // extracts, though the name schema refuses it
    ]

    @Test("documented edge cases: root scope, user scopes, slashes kept in the name, empty given scope",
          arguments: edgeCases.map { [$0.did, $0.scope, $0.name] })
    func edgeCase(_ edge: [String]) throws {
        #expect(try ScopeAlgorithm.ctaoBDMS.extract(edge[0]) == DID(scope: edge[1], name: edge[2]))
    }

    @Test("the last colon splits scope from LFN: colons elsewhere make the DID invalid or the given scope wrong")
    func lastColonSplits() {
        #expect(throws: ScopeError.notMatchingCTAOSchema(did: "/ctao/foo:bar/x")) {
            try ScopeAlgorithm.ctaoBDMS.extract("/ctao/foo:bar/x")
        }
        #expect(throws: ScopeError.notMatchingCTAOSchema(did: "b:/ctao/b/x:y")) {
            try ScopeAlgorithm.ctaoBDMS.extract("b:/ctao/b/x:y")
        }
        #expect(throws: ScopeError.givenScopeMismatch(given: "a:b", extracted: "b")) {
            try ScopeAlgorithm.ctaoBDMS.extract("a:b:/ctao/b/x")
        }
    }

    @Test("an empty string or a relative path does not match the expected schema")
    func relativeOrEmpty() {
        for did in ["", "ctao/x", "ctao", "x:", ":"] {
            #expect(throws: ScopeError.notMatchingCTAOSchema(did: did)) { try ScopeAlgorithm.ctaoBDMS.extract(did) }
        }
    }

    @Test("a given scope must equal the extracted one code point for code point (KELVIN SIGN is not K)")
    func givenScopeComparedByCodePoint() throws {
        #expect(throws: ScopeError.givenScopeMismatch(given: "\u{212A}", extracted: "K")) {
            try ScopeAlgorithm.ctaoBDMS.extract("\u{212A}:/ctao/K/x")
        }
        #expect(throws: ScopeError.givenScopeMismatch(given: "e\u{301}", extracted: "\u{E9}")) {
            try ScopeAlgorithm.ctaoBDMS.extract("e\u{301}:/ctao/\u{E9}/x")
        }
        #expect(ScopeError.givenScopeMismatch(given: "\u{212A}", extracted: "K")
            != ScopeError.givenScopeMismatch(given: "K", extracted: "K"))
        #expect(DID(scope: "\u{212A}", name: "/ctao/x") != DID(scope: "K", name: "/ctao/x"))
        #expect(Set([DID(scope: "\u{E9}", name: "/x"), DID(scope: "e\u{301}", name: "/x")]).count == 2)
        let same = try ScopeAlgorithm.ctaoBDMS.extract("\u{E9}:/ctao/\u{E9}/x")
        #expect(same.scope.unicodeScalars.elementsEqual("\u{E9}".unicodeScalars))
    }

    @Test("a slash followed by a combining mark still separates path elements, as in Python")
    func combiningMarkAfterSlash() throws {
        // In Swift "/\u{301}" is a single Character; Python splits on the "/" code point.
        let did = try ScopeAlgorithm.ctaoBDMS.extract("/ctao/\u{301}x/y")
        #expect(did.scope.unicodeScalars.elementsEqual("\u{301}x".unicodeScalars))
    }

    @Test("the scopes list is ignored")
    func scopesIgnored() throws {
        #expect(try ScopeAlgorithm.ctaoBDMS.extract("/ctao/foo/x", scopes: ["bar"]) == DID(scope: "foo", name: "/ctao/foo/x"))
        #expect(try ScopeAlgorithm.ctaoBDMS.extract("/ctao/foo/x", scopes: []) == DID(scope: "foo", name: "/ctao/foo/x"))
    }
}
