import ScopeAlgorithms
import Testing

@Suite("choosing the scope algorithm by its Rucio name")
struct AlgorithmSelectionTests {
    @Test("raw values are the names Rucio's configuration uses")
    func rawValues() {
        #expect(ScopeAlgorithm(rawValue: "ctao_bdms") == .ctaoBDMS)
        #expect(ScopeAlgorithm(rawValue: "dirac") == .dirac)
        #expect(ScopeAlgorithm(rawValue: "def") == .rucioDefault)
        #expect(ScopeAlgorithm(rawValue: "belleii") == nil)
        #expect(ScopeAlgorithm.allCases.count == 3)
    }

    @Test("a configured extract_scope overrides the caller's default_extract (DIRAC's DiracScopeAlg)")
    func configuredWins() {
        #expect(ScopeAlgorithm.selectedByRucio(configured: "ctao_bdms", defaultExtract: "dirac", ctaoPolicyPackageLoaded: true) == .ctaoBDMS)
        #expect(ScopeAlgorithm.selectedByRucio(configured: "dirac", defaultExtract: "def", ctaoPolicyPackageLoaded: true) == .dirac)
    }

    @Test("with CTAO's policy package loaded, 'def' means ctao_bdms")
    func defMeansPolicyDefault() {
        #expect(ScopeAlgorithm.selectedByRucio(configured: nil, defaultExtract: "def", ctaoPolicyPackageLoaded: true) == .ctaoBDMS)
        #expect(ScopeAlgorithm.selectedByRucio(configured: "def", ctaoPolicyPackageLoaded: true) == .ctaoBDMS)
        #expect(ScopeAlgorithm.selectedByRucio(configured: nil, defaultExtract: "def", ctaoPolicyPackageLoaded: false) == .rucioDefault)
    }

    @Test("an unregistered configured name falls back to default_extract; an unregistered fallback has no algorithm")
    func unregistered() {
        #expect(ScopeAlgorithm.selectedByRucio(configured: "ctao_bdms", defaultExtract: "dirac", ctaoPolicyPackageLoaded: false) == .dirac)
        #expect(ScopeAlgorithm.selectedByRucio(configured: "belleii", defaultExtract: "def", ctaoPolicyPackageLoaded: true) == .ctaoBDMS)
        #expect(ScopeAlgorithm.selectedByRucio(configured: "", defaultExtract: "dirac", ctaoPolicyPackageLoaded: true) == .dirac)
        #expect(ScopeAlgorithm.selectedByRucio(configured: nil, defaultExtract: "belleii", ctaoPolicyPackageLoaded: true) == nil)
    }
}
