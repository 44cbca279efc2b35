import ArgumentParser

/// How the benchmark's clients use connections.
enum ConnectionMode: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// A fresh TCP + TLS connection for every call, as the DIRAC client makes one per RPC.
    case newConnection = "new-connection"
    /// Every worker thread keeps one keep-alive connection for all its calls.
    case keepAlive = "keep-alive"
}
