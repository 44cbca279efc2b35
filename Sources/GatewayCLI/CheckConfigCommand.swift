import ArgumentParser
import GatewayConfig
import GatewayServer
import GridSecurity
import Yams

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `check-config`: loads the configuration as `serve` would and lists every problem, by key.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file (and GATEWAY_* overrides); exit 1 listing every problem.")

    @Option(name: .shortAndLong, help: "YAML configuration file.")
    var config: String?

    @Flag(help: "Print the effective configuration (file + environment + defaults) as YAML.")
    var show = false

    func run() throws {
        let path = config ?? ProcessInfo.processInfo.environment["GATEWAY_CONFIG"]
        let configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration.load(path: path)
        } catch {
            print(error)
            throw ExitCode(1)
        }
        let problems = GatewayApplication.preflight(configuration)
        guard problems.isEmpty else {
            print(ConfigurationError(problems: problems))
            throw ExitCode(1)
        }
        if show {
            print(try YAMLEncoder().encode(configuration))
        }
        let server = configuration.server
        print("configuration OK: \(path ?? "(defaults)")")
        print("  listen \(server.trustedFront.enabled ? "http" : "https")://\(server.host):\(server.port)/{\(server.routes.joined(separator: ","))}")
        print("  CA directory \(server.caDirectory), CRLs: \(server.crlPolicy.rawValue)")
        print("  \(configuration.auth.users.count) user(s), \(configuration.auth.hosts.count) host(s), write groups: \(configuration.auth.writeGroups.isEmpty ? "none (read-only)" : configuration.auth.writeGroups.joined(separator: ", "))")
    }
}
