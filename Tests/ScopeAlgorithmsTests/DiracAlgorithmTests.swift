import ScopeAlgorithms
import Testing

/// Rucio's built-in `dirac` algorithm (`extract_scope_dirac`, rucio-clients 41.5.1), with the examples
/// documented for it (rucio-api.md §5.3, dirac-surface.md §2.3).
@Suite("dirac scope algorithm (rucio 41.5.1 extract_scope_dirac)")
struct DiracAlgorithmTests {
    static let documented: [(did: String, scope: String)] = [
        ("/vo/data/x", "data"),
        ("/vo/user/a/alice/f", "user"),  // no user.<name> scope
        ("/vo", "vo"),  // no root scope: the VO itself
        ("/ctao/MC/PROD6/LaPalma/gamma/sim_telarray/0001/gamma_run1.simtel.zst", "MC"),
        ("/ctao", "ctao"),
    ]

    @Test("documented examples: the element after the VO is the scope and the name is the whole LFN",
          arguments: documented.map { [$0.did, $0.scope] })
    func documentedExample(_ example: [String]) throws {
        #expect(try ScopeAlgorithm.dirac.extract(example[0]) == DID(scope: example[1], name: example[0]))
    }

    @Test("'/' raises IndexError: after stripping trailing slashes nothing is left to index")
    func rootRaises() {
        for did in ["/", "//", "", "ctao", "ctao/"] {
            #expect(throws: ScopeError.tooFewPathElements(did: did)) { try ScopeAlgorithm.dirac.extract(did) }
        }
        #expect(ScopeError.tooFewPathElements(did: "/").message == "list index out of range")
        #expect(ScopeError.tooFewPathElements(did: "/").pythonExceptionType == "IndexError")
    }

    @Test("trailing slashes are ignored for the scope but kept in the name")
    func trailingSlashes() throws {
        #expect(try ScopeAlgorithm.dirac.extract("/ctao/data///") == DID(scope: "data", name: "/ctao/data///"))
        #expect(try ScopeAlgorithm.dirac.extract("/ctao///") == DID(scope: "ctao", name: "/ctao///"))
    }

    @Test("empty elements count: doubled slashes shift or empty the scope")
    func emptyElementsCount() throws {
        #expect(try ScopeAlgorithm.dirac.extract("/ctao//x") == DID(scope: "", name: "/ctao//x"))
        #expect(try ScopeAlgorithm.dirac.extract("//ctao/x") == DID(scope: "ctao", name: "//ctao/x"))
    }

    @Test("no scope: prefix handling and no leading-slash check")
    func noPrefixHandling() throws {
        #expect(try ScopeAlgorithm.dirac.extract("foo:/ctao/bar/x") == DID(scope: "bar", name: "foo:/ctao/bar/x"))
        #expect(try ScopeAlgorithm.dirac.extract("a/b") == DID(scope: "b", name: "a/b"))
        #expect(try ScopeAlgorithm.dirac.extract("a/b/c/d") == DID(scope: "c", name: "a/b/c/d"))
    }
}
