import DIRACAuth
import NIOConcurrencyHelpers

/// The client identity one TLS connection established, handed from the handshake (on the event loop) to the
/// request handlers (in the connection's task) through a task-local.
///
/// Only a verification counts: the handshake's callback, or for a resumed TLS session (which skips the callback)
/// the verdict remembered for the leaf the sealed session carries (`ResumedSessionIdentityHandler`). Without
/// either the connection has no identity and its requests are refused (fail closed).
final class ConnectionIdentity: Sendable {
    private let state = NIOLockedValueBox<AuthenticatedPeer?>(nil)

    /// The connection the current task serves.
    @TaskLocal static var current: ConnectionIdentity?

    var peer: AuthenticatedPeer? { state.withLockedValue { $0 } }

    func record(_ peer: AuthenticatedPeer) {
        state.withLockedValue { $0 = peer }
    }
}
