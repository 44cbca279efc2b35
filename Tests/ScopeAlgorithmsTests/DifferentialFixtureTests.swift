import Foundation
import ScopeAlgorithms
import Testing

/// The Swift ports against what the real Python packages returned or raised for several thousand
/// inputs (realistic CTAO LFNs, user LFNs, scope:name forms, edge cases, unicode, long names),
/// recorded into `Fixtures/scope-differential/` by `scripts/scope-differential/record.sh`
/// (`record.sh --check` verifies the fixtures still match the installed packages).
@Suite("differential: Swift ports vs. the real Python packages")
struct DifferentialFixtureTests {
    /// A floor, so that a truncated or emptied fixture cannot pass silently.
    static let minimumCases = 5000

    @Test("every recorded case of an algorithm gives the same scope and name, or the same exception class and text",
          arguments: [ScopeAlgorithm.ctaoBDMS, .dirac, .rucioDefault])
    func algorithmMatchesRecording(_ algorithm: ScopeAlgorithm) throws {
        let file = "\(algorithm.rawValue).jsonl"
        let cases = try DifferentialFixtures.lines(file, as: DifferentialFixtures.ScopeCase.self)
        let manifest = try DifferentialFixtures.manifest()
        #expect(cases.count == manifest.files[file]?.cases, "\(file) does not hold the case count its manifest records")
        #expect(cases.count >= Self.minimumCases, "\(file) holds only \(cases.count) cases")

        var mismatches: [String] = []
        var errors = 0
        for (index, recorded) in cases.enumerated() {
            let problem: String?
            do {
                let did = try algorithm.extract(recorded.did, scopes: nil)
                if let error = recorded.error {
                    problem = "Python raised \(error.type): \(error.message.escapedForReport); Swift returned \(did.scope.escapedForReport) : \(did.name.escapedForReport)"
                } else if !did.scope.samePython(recorded.scope) || !did.name.samePython(recorded.name) {
                    problem = "Python returned \((recorded.scope ?? "").escapedForReport) : \((recorded.name ?? "").escapedForReport); Swift returned \(did.scope.escapedForReport) : \(did.name.escapedForReport)"
                } else {
                    problem = nil
                }
            } catch {
                errors += 1
                if let expected = recorded.error {
                    problem = expected.type == error.pythonExceptionType && error.message.samePython(expected.message)
                        ? nil
                        : "Python raised \(expected.type): \(expected.message.escapedForReport); Swift raised \(error.pythonExceptionType): \(error.message.escapedForReport)"
                } else {
                    problem = "Python returned \((recorded.scope ?? "").escapedForReport) : \((recorded.name ?? "").escapedForReport); Swift raised \(error.description.escapedForReport)"
                }
            }
            if let problem {
                mismatches.append("\(file):\(index + 1) \(recorded.did.escapedForReport): \(problem)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) cases differ:\n\(mismatches.prefix(20).joined(separator: "\n"))")
        #expect(errors > 0 && errors < cases.count, "the recording should hold both results and exceptions")
    }

    @Test("every recorded value passes or fails the CTAO NAME, generic NAME and SCOPE schemas as jsonschema decided")
    func schemasMatchRecording() throws {
        let file = "name_schema.jsonl"
        let cases = try DifferentialFixtures.lines(file, as: DifferentialFixtures.SchemaCase.self)
        let manifest = try DifferentialFixtures.manifest()
        #expect(cases.count == manifest.files[file]?.cases)
        #expect(cases.count >= Self.minimumCases)

        var mismatches: [String] = []
        var counts = (valid: 0, invalid: 0)
        for (index, recorded) in cases.enumerated() {
            let checks: [(String, [String], [String])] = [
                ("ctao_bdms NAME", recorded.ctaoBDMSName, nameProblems(recorded.value, schema: .ctaoBDMS).map(\.schemaKeyword)),
                ("generic NAME", recorded.genericName, nameProblems(recorded.value, schema: .generic).map(\.schemaKeyword)),
                ("SCOPE", recorded.scope, scopeProblems(recorded.value).map(\.schemaKeyword)),
            ]
            for (schema, python, swift) in checks {
                if python.sorted() != swift.sorted() {
                    mismatches.append("\(file):\(index + 1) \(recorded.value.escapedForReport) \(schema): jsonschema fails \(python), Swift fails \(swift)")
                }
                if python.isEmpty { counts.valid += 1 } else { counts.invalid += 1 }
            }
            // validateName and validateScope report the first of these problems, nil when valid.
            if (validateName(recorded.value) == nil) != recorded.ctaoBDMSName.isEmpty
                || (validateScope(recorded.value) == nil) != recorded.scope.isEmpty {
                mismatches.append("\(file):\(index + 1) validateName or validateScope disagrees with jsonschema")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ:\n\(mismatches.prefix(20).joined(separator: "\n"))")
        #expect(counts.valid > 1000 && counts.invalid > 1000, "the recording should hold both valid and invalid values")
    }

    @Test("ScopeAlgorithm.selectedByRucio picks what rucio.common.utils.extract_scope ran under each recorded config")
    func routesMatchRecording() throws {
        let manifest = try DifferentialFixtures.manifest()
        #expect(manifest.rucioRoutes.count >= 5)
        for route in manifest.rucioRoutes {
            let selected = ScopeAlgorithm.selectedByRucio(
                configured: route.extractScope,
                defaultExtract: route.defaultExtract,
                ctaoPolicyPackageLoaded: route.policyPackage)
            #expect(selected?.rawValue == route.expect,
                    "extract_scope=\(route.extractScope ?? "unset") package=\(route.policyPackage) default_extract=\(route.defaultExtract)")
        }
    }

    @Test("the fixtures were recorded from the package versions this port follows")
    func recordedVersions() throws {
        let manifest = try DifferentialFixtures.manifest()
        #expect(manifest.packages["ctao-bdms-rucio-policy"] == "0.6.0")
        #expect(manifest.packages["rucio-clients"] == "41.5.1")
    }
}
