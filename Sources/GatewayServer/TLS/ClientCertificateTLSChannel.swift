import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// A server child channel that runs TLS with client-certificate verification in front of the HTTP channel and
/// gives each connection its own `ConnectionIdentity`.
///
/// HummingbirdTLS's `TLSChannel` takes one verification callback for the whole server and no metadata, so
/// handlers could only see the leaf (the proxy), not the verified identity; this channel installs a per-connection
/// callback and exposes the result to the request context through a task-local
/// (`HTTPChannelHandler.handleHTTP` calls the responder inline in the connection's task).
struct ClientCertificateTLSChannel<BaseChannel: ServerChildChannel>: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let base: BaseChannel.Value
        let identity: ConnectionIdentity
        var channel: any Channel { base.channel }
    }

    let base: BaseChannel
    let sslContext: NIOSSLContext
    let verifier: ClientCertificateVerifier

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let identity = ConnectionIdentity()
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers(
                NIOSSLServerHandler(
                    context: sslContext,
                    configuration: .init(),
                    customVerificationCallbackWithMetadata: verifier.callback(for: identity)
                ),
                ResumedSessionIdentityHandler(identity: identity, verifier: verifier)
            )
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }.map { value in
            Value(base: value, identity: identity)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await ConnectionIdentity.$current.withValue(value.identity) {
            await base.handle(value: value.base, logger: logger)
        }
    }
}
