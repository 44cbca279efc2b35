import ArgumentParser

/// `gateway-bench`: load generators for the gateway. Bounded by design: every run stops after a
/// fixed number of requests (or a duration) and targets only the URL it is given.
@main
struct GatewayBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway-bench",
        abstract: "Load generator for the DIRAC–Rucio gateway.",
        subcommands: [RPCCommand.self]
    )
}
