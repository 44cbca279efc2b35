import ArgumentParser
import GatewayConfig
import GatewayServer
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `serve`: runs the gateway until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the gateway (HTTPS DIRAC FileCatalog endpoint and metrics).")

    @Option(name: .shortAndLong, help: "YAML configuration file (environment variables GATEWAY_* override it).")
    var config: String?

    @Option(
        name: .customLong("record-rucio"),
        help: "Record mode: write every exchange with Rucio (secrets masked) to this fixture file, for replay tests.")
    var recordRucio: String?

    @Option(help: "Write the bound RPC port to this file once listening (for scripts using port 0).")
    var portFile: String?

    func run() async throws {
        let configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration.load(path: config ?? ProcessInfo.processInfo.environment["GATEWAY_CONFIG"])
        } catch {
            FileHandleOutput.standardError("\(error)\n")
            throw ExitCode(2)
        }
        let logger = LoggingSetup.bootstrap(level: configuration.logging.level)
        logger.info(
            "starting dirac-rucio-gateway \(GatewayApplication.version)",
            metadata: [
                "listen": "\(configuration.server.host):\(configuration.server.port)",
                "routes": "\(configuration.server.routes.joined(separator: ","))",
                "mode": "\(configuration.server.trustedFront.enabled ? "trusted-front (http)" : "https")",
            ])
        let portFile = self.portFile
        try await GatewayApplication(configuration: configuration, logger: logger, recordRucioTo: recordRucio).run { port in
            logger.info("listening", metadata: ["port": "\(port)"])
            if let portFile {
                try? "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
            }
        }
    }
}
