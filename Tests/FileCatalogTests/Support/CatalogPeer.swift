import DIRACAuth
import DIRACWire
import Foundation
import GatewayJSON
import FileCatalog
import RucioREST
import Testing

/// The project's real Rucio peer (scripts/rucio) as the catalog layer sees it: a `RucioCatalog` logged in as
/// the gateway's identity (`dirac`), acting as `dirac` for `ctao_production` and as `testuser` for
/// `ctao_user`, as `docs/gateway.example.yaml` configures it. Tests that need it fail, never skip, when the
/// peer is not running (`scripts/test.sh` starts it).
struct CatalogPeer: Sendable {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // FileCatalogTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    let environment: [String: String]
    /// The seed manifest's `files` (`.work/rucio/seed.json`): what Rucio holds natively.
    let seedFiles: [JSON]
    let catalog: RucioCatalog
    /// The same server as `root`, to check Rucio's own state behind the gateway's back.
    let root: RucioAccountSession

    var url: String { environment["RUCIO_URL"] ?? "" }

    static let accounts = AccountMap(groups: ["ctao_production": "dirac", "ctao_user": "testuser"])

    static func require(transport: (any RucioTransport)? = nil) async throws -> CatalogPeer {
        let work = repositoryRoot.appendingPathComponent(".work/rucio")
        guard let text = try? String(contentsOf: work.appendingPathComponent("rucio.env"), encoding: .utf8) else {
            throw Unavailable(description: "no .work/rucio/rucio.env: start the Rucio peer (scripts/rucio/start.sh, seed.sh)")
        }
        var environment: [String: String] = [:]
        for line in text.split(separator: "\n") {
            var body = line.trimmingCharacters(in: .whitespaces)
            if body.hasPrefix("export ") { body = String(body.dropFirst(7)) }
            guard !body.hasPrefix("#"), let equals = body.firstIndex(of: "=") else { continue }
            var value = String(body[body.index(after: equals)...])
            if value.count >= 2, value.first == value.last, value.first == "\"" || value.first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            environment[String(body[..<equals])] = value
        }
        guard let data = try? Data(contentsOf: work.appendingPathComponent("seed.json")),
            let manifest = try? JSON(parsing: [UInt8](data)), let files = manifest.objectValue?["files"]?.arrayValue
        else {
            throw Unavailable(description: "no seed manifest .work/rucio/seed.json: run scripts/rucio/seed.sh")
        }
        let url = environment["RUCIO_URL"] ?? ""
        let configuration = RucioConfiguration(baseURL: url, retryPolicy: RucioRetryPolicy(maximumAttempts: 1))
        let gateway = RucioClient(
            configuration: configuration,
            credentials: .userpass(
                username: environment["RUCIO_SERVICE_USERNAME"] ?? "dirac",
                password: environment["RUCIO_SERVICE_PASSWORD"] ?? "dirac-secret"),
            transport: transport)
        let rootClient = RucioClient(
            configuration: configuration,
            credentials: .userpass(
                username: environment["RUCIO_USERNAME"] ?? "root", password: environment["RUCIO_PASSWORD"] ?? ""))
        do {
            _ = try await rootClient.ping()
        } catch {
            throw Unavailable(description: "the Rucio peer at \(url) does not answer (\(error)): run scripts/rucio/start.sh")
        }
        return CatalogPeer(
            environment: environment, seedFiles: files,
            catalog: RucioCatalog(client: gateway, accounts: accounts), root: rootClient.account("root"))
    }

    /// The registry the gateway serves with this catalog.
    var registry: MethodRegistry { .gateway(catalog: catalog) }

    /// A seed file's LFN, by a substring of it.
    func seedLFN(containing part: String) -> String {
        seedFiles.compactMap { $0.objectValue?["lfn"]?.stringValue }.first { $0.contains(part) } ?? "/missing-seed-file/\(part)"
    }

    /// A fresh directory for one test's writes, below `/ctao/tests` (scope `tests`, owned by root; the gateway
    /// account `dirac` is a Rucio admin).
    static func uniqueDirectory(_ label: String) -> String {
        "/ctao/tests/gw-\(label)-\(UInt64(Date().timeIntervalSince1970 * 1000))-\(UInt32.random(in: 0..<1_000_000))"
    }

    /// Calls a method as a member of `group` and returns its result (recording an issue for 401/501).
    func call(
        _ method: String, _ arguments: [DIRACValue], group: String = "ctao_production",
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> DIRACResult {
        let context = try Fixture.context(group: group)
        guard let answer = await result(method, arguments, in: context, registry: registry, sourceLocation: sourceLocation)
        else { throw Unavailable(description: "\(method) was not dispatched") }
        return answer
    }

    /// `Successful` and `Failed` of a bulk answer (an issue when it is an S_ERROR).
    func bulk(
        _ method: String, _ arguments: [DIRACValue], group: String = "ctao_production",
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (successful: [String: DIRACValue], failed: [String: String]) {
        let answer = try await call(method, arguments, group: group, sourceLocation: sourceLocation)
        guard case .dict(let value)? = answer.value, case .dict(let successful)? = value["Successful"],
            case .dict(let failed)? = value["Failed"]
        else {
            Issue.record("\(method) did not answer a bulk S_OK: \(answer.wireValue.pythonRepr)", sourceLocation: sourceLocation)
            return ([:], [:])
        }
        return (
            Dictionary(uniqueKeysWithValues: successful.map { ($0.key, $0.value) }),
            Dictionary(uniqueKeysWithValues: failed.map { ($0.key, $0.value.stringValue ?? $0.value.pythonRepr) })
        )
    }
}
