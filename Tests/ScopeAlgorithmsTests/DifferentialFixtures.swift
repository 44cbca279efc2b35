import Foundation

/// Reads the fixtures recorded from the real Python packages by
/// `scripts/scope-differential/record.sh` (see its README): `Fixtures/scope-differential/` at the
/// repository root. They are committed, so the differential test always runs.
enum DifferentialFixtures {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One line of `ctao_bdms.jsonl`, `dirac.jsonl` or `def.jsonl`.
    struct ScopeCase: Decodable {
        struct PythonError: Decodable {
            let type: String
            let message: String
        }
        let did: String
        let scope: String?
        let name: String?
        let error: PythonError?
    }

    /// One line of `name_schema.jsonl`: the JSON-schema keywords each schema fails (empty: valid).
    struct SchemaCase: Decodable {
        let value: String
        let ctaoBDMSName: [String]
        let genericName: [String]
        let scope: [String]

        enum CodingKeys: String, CodingKey {
            case value, scope
            case ctaoBDMSName = "ctao_bdms_name"
            case genericName = "generic_name"
        }
    }

    struct Manifest: Decodable {
        struct FileInfo: Decodable {
            let cases: Int
        }
        struct Route: Decodable {
            let extractScope: String?
            let policyPackage: Bool
            let defaultExtract: String
            let expect: String

            enum CodingKeys: String, CodingKey {
                case expect
                case extractScope = "extract_scope"
                case policyPackage = "policy_package"
                case defaultExtract = "default_extract"
            }
        }
        let files: [String: FileInfo]
        let packages: [String: String]
        let rucioRoutes: [Route]

        enum CodingKeys: String, CodingKey {
            case files, packages
            case rucioRoutes = "rucio_routes"
        }
    }

    /// `Fixtures/scope-differential`, found by walking up from this source file (following symlinks,
    /// so it also works when the test target directory is linked into another package), or
    /// `$SCOPE_DIFFERENTIAL_DIR`.
    static func directory() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SCOPE_DIFFERENTIAL_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        let source = URL(fileURLWithPath: #filePath)
        for start in [source, source.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" && !directory.path.isEmpty {
                let candidate = directory.appendingPathComponent("Fixtures/scope-differential", isDirectory: true)
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("manifest.json").path) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw Failure(description: """
            Fixtures/scope-differential/manifest.json not found above \(source.path). The fixtures are \
            committed; re-record them with scripts/scope-differential/record.sh, or point \
            SCOPE_DIFFERENTIAL_DIR at them.
            """)
    }

    static func manifest() throws -> Manifest {
        let data = try Data(contentsOf: directory().appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    /// Every line of a JSON Lines file, decoded. Lines are split on the byte 0x0A (never on
    /// Characters: "\r\n" is one Swift Character).
    static func lines<T: Decodable>(_ file: String, as type: T.Type) throws -> [T] {
        let data = try Data(contentsOf: directory().appendingPathComponent(file))
        let decoder = JSONDecoder()
        var result: [T] = []
        var number = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            number += 1
            do {
                result.append(try decoder.decode(T.self, from: Data(line)))
            } catch {
                throw Failure(description: "\(file):\(number): \(error)")
            }
        }
        return result
    }
}

extension String {
    /// Python's `==`: code point for code point.
    func samePython(_ other: String?) -> Bool {
        guard let other else { return false }
        return unicodeScalars.elementsEqual(other.unicodeScalars)
    }

    /// The code points, for readable failure messages.
    var escapedForReport: String {
        unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "\\u{\(String($0.value, radix: 16))}" }
            .joined()
    }
}
