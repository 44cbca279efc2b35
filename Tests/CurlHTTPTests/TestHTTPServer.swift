import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 with an ephemeral port, built on NIOHTTP1, that the tests
/// talk to through libcurl. It counts the TCP connections it accepts, which is how the tests see
/// whether the client reused a keep-alive connection. Routes are in `TestRequestHandler`.
final class TestHTTPServer: Sendable {
    /// State shared between the server's connections and the test.
    final class Shared: Sendable {
        private let accepted = Atomic<Int>(0)
        private let gate = Atomic<Bool>(false)

        /// TCP connections accepted so far.
        var acceptedConnections: Int { accepted.load(ordering: .acquiring) }
        func connectionAccepted() { accepted.add(1, ordering: .acquiringAndReleasing) }

        /// `/gated` sends the second half of its body only once the test opened the gate.
        var isGateOpen: Bool { gate.load(ordering: .acquiring) }
        func openGate() { gate.store(true, ordering: .releasing) }
    }

    let shared: Shared
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, port: Int, shared: Shared) {
        self.group = group
        self.channel = channel
        self.port = port
        self.shared = shared
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func url(_ pathAndQuery: String) -> String { baseURL + pathAndQuery }

    static func start() async throws -> TestHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let shared = Shared()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                shared.connectionAccepted()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(TestRequestHandler(shared: shared))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port else { throw TestServerError.noPort }
            return TestHTTPServer(group: group, channel: channel, port: port, shared: shared)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Closes the listening socket and every connection still open (stalled ones included).
    func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

enum TestServerError: Error {
    case noPort
}

/// Runs `body` against a fresh server and always shuts the server down afterwards.
func withTestServer<T>(_ body: (TestHTTPServer) async throws -> T) async throws -> T {
    let server = try await TestHTTPServer.start()
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}
