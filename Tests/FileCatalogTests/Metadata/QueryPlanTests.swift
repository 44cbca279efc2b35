import DIRACWire
@testable import FileCatalog
import GatewayJSON
import OrderedCollections
import ScopeAlgorithms
import Testing

/// What a query becomes in Rucio: the scopes visited, the filters pushed down (only where Rucio evaluates them
/// as the gateway means), and the directory selection the keys intersect to.
@Suite("QueryPlan: Rucio requests of a query")
struct QueryPlanTests {
    @Test("a path below /<vo>/<scope> visits that scope only; / visits every scope; user paths the user scopes")
    func scopeNarrowing() {
        #expect(ScopeAlgorithm.ctaoBDMS.scopes(below: "/ctao/MC/PROD6") == .one("MC"))
        #expect(ScopeAlgorithm.ctaoBDMS.scopes(below: "/ctao/MC") == .one("MC"))
        #expect(ScopeAlgorithm.ctaoBDMS.scopes(below: "/ctao") == .all)
        #expect(ScopeAlgorithm.ctaoBDMS.scopes(below: "/") == .all)
        #expect(ScopeAlgorithm.ctaoBDMS.scopes(below: "/ctao/user/a/alice/x") == .one("user.alice"))
        let users = ScopeAlgorithm.ctaoBDMS.scopes(below: "/ctao/user/a")
        #expect(users.contains("user.bob") && users.contains("root") && !users.contains("MC"))
    }

    @Test("equality on words and numbers and numeric comparisons are pushed down; what Rucio would rewrite is not")
    func pushdown() throws {
        let schema = MetaQueryTests.schema
        let query = try MetaQuery(parsing: [
            "particle": "gamma", "thetaP": .dict([">=": 20]), "split": "True", "nsb": [1, 5], "runNumber": "00001234",
        ], schema: schema)
        let plan = QueryPlan(query: query, path: "/ctao/MC/PROD6", algorithm: .ctaoBDMS)
        #expect(plan.scopes == .one("MC"))
        #expect(plan.directorySearches.map(\.filters) == [["particle": .string("gamma")], ["thetaP.gte": .double(20)]])
        #expect(!plan.scansDirectories)
        // "True" would become a boolean, "00001234" is not a plain word, `in` has no Rucio form.
        #expect(plan.fileFilters.isEmpty)
        #expect(RucioFilterTranslation.rucioKeepsString("ctapipe-process", wildcard: false))
        #expect(!RucioFilterTranslation.rucioKeepsString("untrue", wildcard: false))
        #expect(!RucioFilterTranslation.rucioKeepsString("2026-01-01", wildcard: false))
        #expect(!RucioFilterTranslation.rucioKeepsString("None", wildcard: false))
        #expect(QueryPlan.nameFilter(below: "/ctao/MC") == .string("/ctao/MC/*"))
        #expect(QueryPlan.nameFilter(below: "/ctao/true-runs") == nil)
    }

    @Test("in lists of file keys become Rucio OR groups; exactly pushed terms need no JSON check, others do")
    func alternativesAndExactness() throws {
        let query = try MetaQuery(parsing: ["nsb": [1, 5], "split": "test"], schema: MetaQueryTests.schema)
        let plan = QueryPlan(query: query, path: "/ctao/MC", algorithm: .ctaoBDMS)
        #expect(plan.fileFilterGroups == [["split": .string("test"), "nsb": .int(1)], ["split": .string("test"), "nsb": .int(5)]])
        #expect(query.terms.allSatisfy(RucioFilterTranslation.isExact))
        let loose = try MetaQuery(parsing: ["split": "t?st", "nsb": .dict(["!=": 5])], schema: MetaQueryTests.schema)
        #expect(!loose.terms.contains(where: RucioFilterTranslation.isExact))
        let many = try MetaQuery(parsing: ["nsb": .list((0..<40).map { .int($0) })], schema: MetaQueryTests.schema)
        #expect(QueryPlan(query: many, path: "/ctao/MC", algorithm: .ctaoBDMS).fileFilterGroups.isEmpty)
    }

    @Test("Any and Missing on a directory key scan the collections below the path instead of searching per key")
    func scans() throws {
        let query = try MetaQuery(parsing: ["particle": "Missing"], schema: MetaQueryTests.schema)
        let plan = QueryPlan(query: query, path: "/ctao/MC", algorithm: .ctaoBDMS)
        #expect(plan.scansDirectories)
        #expect(plan.description.contains("type=collection"))
    }

    @Test("directory selections intersect as subtrees: the deeper root wins, disjoint roots select nothing")
    func selections() {
        let a = DirectorySelection(include: ["/ctao/MC/PROD6"])
        let b = DirectorySelection(include: ["/ctao/MC/PROD6/Paranal", "/ctao/MC/PROD5"])
        #expect(a.intersection(b).include == ["/ctao/MC/PROD6/Paranal"])
        #expect(DirectorySelection(include: ["/a"]).intersection(DirectorySelection(include: ["/b"])).isEmpty)
        let missing = DirectorySelection(include: ["/ctao"], exclude: ["/ctao/x"])
        #expect(missing.contains(file: "/ctao/y/f") && !missing.contains(file: "/ctao/x/z/f"))
        #expect(!DirectorySelection.isUnder("/ctao/MC-2", "/ctao/MC") && DirectorySelection.isUnder("/ctao/MC/2", "/ctao/MC"))
        #expect(DirectorySelection(include: ["/a/b", "/a", "/a-c"]).include == ["/a", "/a-c"])
        #expect(DirectorySelection.all.intersection(a) == a)
    }
}
