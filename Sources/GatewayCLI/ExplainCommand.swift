import ArgumentParser
import DIRACWire
import FileCatalog
import GatewayConfig
import GatewayServer
import Logging
import RucioREST

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `explain QUERY [PATH]`: the plan of Rucio requests a DIRAC metadata query becomes (`QueryPlan`), read with
/// the schema the configured Rucio holds; `--execute` also runs it and reports the requests made, the time and
/// the number of files found.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the Rucio requests a DIRAC metadata query becomes (optionally run it).",
        discussion: """
            QUERY is the metaDict as JSON, as findFilesByMetadata receives it:
              explain -c gateway.yaml '{"particle": "gamma", "thetaP": {">=": 20}, "nsb": 1}' /ctao/MC/PROD6
            """)

    @Option(name: .shortAndLong, help: "YAML configuration file (default: $GATEWAY_CONFIG).")
    var config: String?

    @Option(help: "Rucio account to read the schema and run the query as (default: rucio.metadata.schemaAccount, rucio.accounts.default, rucio.auth.username).")
    var account: String?

    @Flag(help: "Run the query too: print the requests made by kind, the wall time and the number of files.")
    var execute = false

    @Flag(help: "With --execute, print the LFNs found.")
    var list = false

    @Argument(help: "The query dictionary, as JSON.")
    var query: String

    @Argument(help: "The path the query is scoped to.")
    var path: String = "/"

    func run() async throws {
        // The server part (certificates, CA directory) is not needed to plan a query.
        let configuration = try GatewayConfiguration.load(
            path: config ?? ProcessInfo.processInfo.environment["GATEWAY_CONFIG"], checkFileSystem: false)
        guard let catalog = try RucioCatalog.configured(by: configuration.rucio, logger: Logger(label: "explain")) else {
            FileHandleOutput.standardError("no rucio.url configured\n")
            throw ExitCode(2)
        }
        let rucio = configuration.rucio
        guard let account = account ?? rucio.metadata.schemaAccount ?? rucio.accounts.default ?? rucio.auth.username else {
            FileHandleOutput.standardError("give --account\n")
            throw ExitCode(2)
        }
        guard case .dict(let metaDict)? = try? JEncode.decode(query) else {
            FileHandleOutput.standardError("QUERY must be a JSON object\n")
            throw ExitCode(2)
        }
        let session = catalog.client.account(account)
        let plan: QueryPlan
        switch try await catalog.plan(metaDict, path: path, in: session) {
        case .success(let planned): plan = planned
        case .failure(let error):
            print("S_ERROR: \(error.message)")
            throw ExitCode(1)
        }
        print(plan.description)
        guard execute else { return }
        let counters = QueryCounters()
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try await catalog.run(plan, counters: counters, in: session)
        let elapsed = clock.now - start
        switch outcome {
        case .failure(let error):
            print("S_ERROR: \(error.message)")
            throw ExitCode(1)
        case .success(let answer):
            let kinds = counters.snapshot.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("ran: \(answer.lfns.count) file(s) in \(elapsed); \(counters.total) Rucio request(s): \(kinds)")
            if list { answer.lfns.forEach { print($0) } }
        }
    }
}
