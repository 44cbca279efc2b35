import ArgumentParser

/// `dirac-rucio-gateway`: the service and its debugging tools in one executable.
@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirac-rucio-gateway",
        abstract: "A DIRAC FileCatalog service backed by Rucio.",
        subcommands: [ServeCommand.self, CallCommand.self, CheckConfigCommand.self, ExplainCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
