import RucioREST
import Testing

@Suite("DID paths as CTAO's NoDecode front needs them")
struct DIDPathTests {
    @Test("every slash of the name is %2F and the scope is followed by the one plain slash")
    func pythonClientForm() {
        let did = RucioDID(scope: "MC", name: "/ctao/MC/PROD6/Paranal/gamma_run1.simtel.zst")
        #expect(RucioPath.did(did) == "MC/%2Fctao%2FMC%2FPROD6%2FParanal%2Fgamma_run1.simtel.zst")
        #expect(RucioPath.did(RucioDID(scope: "root", name: "/ctao")) == "root/%2Fctao")
        #expect(RucioPath.did(RucioDID(scope: "user.testuser", name: "/a-b_c~d")) == "user.testuser/%2Fa-b_c~d")
    }

    @Test("characters the front decodes before Rucio's unquote_plus are encoded twice (+ → %252B, % → %2525)")
    func doubleDecoding() {
        #expect(RucioPath.did(RucioDID(scope: "tests", name: "/a+b")) == "tests/%2Fa%252Bb")
        #expect(RucioPath.did(RucioDID(scope: "tests", name: "/a%b")) == "tests/%2Fa%2525b")
        #expect(RucioPath.did(RucioDID(scope: "tests", name: "/a b")) == "tests/%2Fa%2520b")
        #expect(RucioPath.did(RucioDID(scope: "tests", name: "/é")) == "tests/%2F%25C3%25A9")
    }

    @Test("a single segment encodes everything outside the unreserved set, slash included")
    func segments() {
        #expect(RucioPath.segment("STORAGE-1") == "STORAGE-1")
        #expect(RucioPath.segment("a/b c:d") == "a%2Fb%20c%3Ad")
        #expect(RucioPath.query([("expression", "ANY=true"), ("k", "a&b")]) == "?expression=ANY%3Dtrue&k=a%26b")
        #expect(RucioPath.query([]) == "")
    }
}
