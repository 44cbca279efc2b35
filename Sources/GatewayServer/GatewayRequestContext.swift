import DIRACAuth
import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage plus what the connection proved (its verified client
/// identity, read from the task-local the TLS channel set) and the remote address (for trusted-front checks).
struct GatewayRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The verified client of this TLS connection; nil without TLS, or on a resumed session.
    let tlsPeer: AuthenticatedPeer?
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        tlsPeer = ConnectionIdentity.current?.peer
        remoteAddress = source.channel.remoteAddress
    }
}
