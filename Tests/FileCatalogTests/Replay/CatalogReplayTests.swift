import DIRACWire
import FileCatalog
import Foundation
import GatewayJSON
import RucioREST
import Testing

/// The catalog layer replayed against what the gateway exchanged with the real Rucio server in record mode
/// (`scripts/record-catalog-fixtures.sh`: `serve --record-rucio` plus the calls of `Fixtures/catalog/reads.calls.json`
/// sent through the gateway). No server runs here: every Rucio request must find its recorded exchange, and every
/// answer must equal, on the wire, what the gateway answered when it was recorded.
@Suite("Catalog methods replayed from the gateway's recorded exchanges with Rucio")
struct CatalogReplayTests {
    static let fixtures = CatalogPeer.repositoryRoot.appendingPathComponent("Fixtures/catalog")

    struct RecordedCall {
        var method: String
        var arguments: [DIRACValue]
        var answer: JSON
    }

    static func load(_ name: String) throws -> (ReplayTransport, [RecordedCall]) {
        let exchanges = fixtures.appendingPathComponent("\(name).rucio.json").path
        let answersFile = fixtures.appendingPathComponent("\(name).answers.json")
        let replay = try ReplayTransport(contentsOfFile: exchanges, order: .byRequest, synthesizeAuthentication: false)
        let answers = try JSON(parsing: [UInt8](Data(contentsOf: answersFile)))
        let calls = try (answers.arrayValue ?? []).map { entry throws -> RecordedCall in
            let object = entry.objectValue ?? [:]
            let arguments = try (object["args"]?.arrayValue ?? []).map { try DIRACValue(jencoded: $0) }
            return RecordedCall(method: object["method"]?.stringValue ?? "", arguments: arguments, answer: object["answer"] ?? .null)
        }
        return (replay, calls)
    }

    /// JSON with object keys sorted, so answers compare whatever order a dictionary was built in, and
    /// `QueryTime` (`getDirectorySize`'s measured seconds) left out.
    static func canonical(_ json: JSON) -> String { withoutQueryTime(json).serializedString(sortKeys: true) }

    static func withoutQueryTime(_ json: JSON) -> JSON {
        switch json {
        case .object(let members):
            .object(members.filter { $0.key != "QueryTime" }.mapValues(withoutQueryTime))
        case .array(let items):
            .array(items.map(withoutQueryTime))
        default:
            json
        }
    }

    @Test("every recorded read answers on the wire exactly as the gateway answered it, using only recorded exchanges")
    func recordedReadsReplay() async throws {
        let (replay, calls) = try Self.load("reads")
        #expect(calls.count >= 15)
        let client = RucioClient(
            configuration: RucioConfiguration(baseURL: "http://replay.invalid", retryPolicy: .none),
            credentials: .userpass(username: "dirac", password: "not-used-in-replay"), transport: replay)
        let registry = MethodRegistry.gateway(catalog: RucioCatalog(client: client, accounts: CatalogPeer.accounts))
        let context = try Fixture.context(group: "ctao_production")
        for call in calls {
            guard let answer = await result(call.method, call.arguments, in: context, registry: registry) else { continue }
            let wire = try JSON(parsing: answer.jencodedBody())
            #expect(Self.canonical(wire) == Self.canonical(call.answer), "\(call.method)")
        }
        #expect(replay.unusedExchanges.map(\.summary) == [])
    }
}
