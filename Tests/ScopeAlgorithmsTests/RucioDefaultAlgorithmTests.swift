import ScopeAlgorithms
import Testing

/// Rucio's built-in `def` algorithm (`extract_scope_default`, ATLAS style, rucio-clients 41.5.1).
@Suite("def scope algorithm (rucio 41.5.1 extract_scope_default)")
struct RucioDefaultAlgorithmTests {
    static let documented: [(did: String, scope: String, name: String)] = [
        ("user.jdoe.test.file", "user.jdoe", "user.jdoe.test.file"),
        ("group.phys-higgs.x.y", "group.phys-higgs", "group.phys-higgs.x.y"),
        ("data18_13TeV.00348885.physics_Main.DAOD", "data18_13TeV", "data18_13TeV.00348885.physics_Main.DAOD"),
        ("mc16_13TeV:mc16_13TeV.123.EVNT.pool.root", "mc16_13TeV", "mc16_13TeV.123.EVNT.pool.root"),
        ("data18_13TeV.00348885/", "data18_13TeV", "data18_13TeV.00348885"),  // one trailing / dropped
        ("x//", "x//", "x/"),  // only one
        ("usera.b.c", "usera.b", "usera.b.c"),  // startswith("user"), not a user.* scope
        ("user", "user", "user"),
        ("/ctao/LSTN-01/DL0/x.fits.fz", "/ctao/LSTN-01/DL0/x", "/ctao/LSTN-01/DL0/x.fits.fz"),  // useless for LFNs
        ("scope:/ctao/x/", "scope", "/ctao/x/"),  // with a colon the trailing / stays
    ]

    @Test("ATLAS-style examples: scope is the first dot part (two for user/group) or the part before the colon",
          arguments: documented.map { [$0.did, $0.scope, $0.name] })
    func documentedExample(_ example: [String]) throws {
        #expect(try ScopeAlgorithm.rucioDefault.extract(example[0]) == DID(scope: example[1], name: example[2]))
    }

    @Test("more than one colon raises RucioException that counts parts, not colons")
    func colonCount() {
        #expect(throws: ScopeError.wrongColonCount(did: "a:b:c", parts: 3)) {
            try ScopeAlgorithm.rucioDefault.extract("a:b:c")
        }
        #expect(ScopeError.wrongColonCount(did: "a:b:c", parts: 3).message
            == "An unknown exception occurred.\nDetails: Cannot extract scope and name from DID a:b:c. The DID should have exactly one colon but found 3 colons.")
        #expect(ScopeError.wrongColonCount(did: "a:b:c", parts: 3).pythonExceptionType == "RucioException")
    }

    @Test("an empty scope or name around the colon raises RucioException")
    func emptyParts() {
        for did in [":name", "scope:", ":"] {
            #expect(throws: ScopeError.emptyScopeOrName(did: did)) { try ScopeAlgorithm.rucioDefault.extract(did) }
        }
        #expect(ScopeError.emptyScopeOrName(did: ":x").message
            == "An unknown exception occurred.\nDetails: Cannot extract scope and name from DID :x. Found empty scope or name.")
    }

    @Test("the empty string gives the empty scope and name")
    func emptyString() throws {
        #expect(try ScopeAlgorithm.rucioDefault.extract("") == DID(scope: "", name: ""))
    }
}
