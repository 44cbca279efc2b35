import DIRACAuth
import NIOConcurrencyHelpers

/// The client identity one TLS connection established, handed from the handshake (on the event loop) to the
/// request handlers (in the connection's task) through a task-local.
///
/// Only what the verification callback itself stored counts. A resumed TLS session skips the callback, so such
/// a connection has no identity and its requests are refused (fail closed) rather than trusting the bare peer
/// certificate that BoringSSL still reports.
final class ConnectionIdentity: Sendable {
    private let state = NIOLockedValueBox<AuthenticatedPeer?>(nil)

    /// The connection the current task serves.
    @TaskLocal static var current: ConnectionIdentity?

    var peer: AuthenticatedPeer? { state.withLockedValue { $0 } }

    func record(_ peer: AuthenticatedPeer) {
        state.withLockedValue { $0 = peer }
    }
}
