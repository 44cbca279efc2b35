import CurlHTTP
import Foundation
import GatewayJSON
import RucioREST

/// The project's real Rucio peer (scripts/rucio), found through `.work/rucio/rucio.env` under the
/// repository root. Tests that need it fail — never skip — when it is missing or not running.
struct LivePeer: Sendable {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// A file of the seed manifest (`.work/rucio/seed.json`).
    struct SeedFile: Sendable {
        var did: RucioDID
        var bytes: Int64
        var adler32: String
        var md5: String?
        var guid: String?
        var rses: [String]
        var pfns: [String]
        var meta: JSON
    }

    static let setupHint =
        "run `scripts/rucio/setup.sh && scripts/rucio/start.sh && scripts/rucio/seed.sh` in the repository root"

    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // RucioRESTTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    let environment: [String: String]
    let files: [SeedFile]

    var url: String { environment["RUCIO_URL"] ?? "" }
    var authURL: String { environment["RUCIO_AUTH_URL"] ?? url }
    var vo: String? { environment["RUCIO_VO"].flatMap { $0.isEmpty ? nil : $0 } }

    var root: RucioCredentials {
        .userpass(username: environment["RUCIO_USERNAME"] ?? "root", password: environment["RUCIO_PASSWORD"] ?? "")
    }
    var dirac: RucioCredentials {
        .userpass(
            username: environment["RUCIO_SERVICE_USERNAME"] ?? "dirac",
            password: environment["RUCIO_SERVICE_PASSWORD"] ?? "")
    }
    var testuser: RucioCredentials {
        .userpass(
            username: environment["RUCIO_USER_USERNAME"] ?? "testuser",
            password: environment["RUCIO_USER_PASSWORD"] ?? "")
    }

    /// Reads `rucio.env` and the seed manifest, then checks that the server answers `/ping`.
    static func require() async throws -> LivePeer {
        let peer = try load()
        do {
            let client = RucioClient(configuration: peer.configuration(retry: .none), credentials: peer.root)
            _ = try await client.ping()
        } catch {
            throw Unavailable(description: "the Rucio peer at \(peer.url) does not answer (\(error)); \(setupHint)")
        }
        return peer
    }

    static func load() throws -> LivePeer {
        let work = repositoryRoot.appendingPathComponent(".work/rucio")
        let envFile = work.appendingPathComponent("rucio.env")
        guard let text = try? String(contentsOf: envFile, encoding: .utf8) else {
            throw Unavailable(description: "no \(envFile.path): the real Rucio peer is not set up; \(setupHint)")
        }
        let environment = parseEnvironment(text)
        guard environment["RUCIO_URL"]?.isEmpty == false else {
            throw Unavailable(description: "\(envFile.path) has no RUCIO_URL; \(setupHint)")
        }
        let manifestFile = work.appendingPathComponent("seed.json")
        guard let data = try? Data(contentsOf: manifestFile), let manifest = try? JSON(parsing: [UInt8](data)) else {
            throw Unavailable(description: "no seed manifest \(manifestFile.path): the peer is not seeded; \(setupHint)")
        }
        let files: [SeedFile] = (manifest["files"]?.arrayValue ?? []).compactMap { entry in
            guard let lfn = entry["lfn"]?.stringValue, let scope = entry["scope"]?.stringValue,
                let bytes = entry["bytes"]?.intValue, let adler32 = entry["adler32"]?.stringValue
            else { return nil }
            return SeedFile(
                did: RucioDID(scope: scope, name: lfn), bytes: bytes, adler32: adler32, md5: entry["md5"]?.stringValue,
                guid: entry["guid"]?.stringValue, rses: (entry["rses"]?.arrayValue ?? []).compactMap(\.stringValue),
                pfns: (entry["pfns"]?.arrayValue ?? []).compactMap(\.stringValue), meta: entry["meta"] ?? .null)
        }
        guard files.count >= 11 else {
            throw Unavailable(description: "the seed manifest lists \(files.count) files, expected 11; \(setupHint)")
        }
        return LivePeer(environment: environment, files: files)
    }

    /// `export KEY='value'` lines (single-quoted as start.sh writes them).
    static func parseEnvironment(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for rawLine in text.split(separator: "\n") {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("export ") else { continue }
            line.removeFirst("export ".count)
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            var value = String(line[line.index(after: equals)...])
            if value.hasPrefix("'") && value.hasSuffix("'") && value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
            }
            result[key] = value
        }
        return result
    }

    func configuration(retry: RucioRetryPolicy = RucioRetryPolicy(initialBackoff: .milliseconds(50))) -> RucioConfiguration {
        RucioConfiguration(
            baseURL: url, authURL: authURL, vo: vo, connectTimeout: .seconds(5), requestTimeout: .seconds(30),
            streamTimeout: .seconds(60), retryPolicy: retry)
    }

    /// A client on the live transport, wrapped in a request log.
    func client(credentials: RucioCredentials? = nil) -> (RucioClient, RequestLog) {
        let log = RequestLog(wrapping: CurlRucioTransport(configuration: configuration()))
        return (RucioClient(configuration: configuration(), credentials: credentials ?? root, transport: log), log)
    }

    func seedFile(containing fragment: String) -> SeedFile? {
        files.first { $0.did.name.contains(fragment) }
    }
}
