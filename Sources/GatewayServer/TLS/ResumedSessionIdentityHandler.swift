import DIRACAuth
import NIOCore
import NIOSSL
import NIOTLS

/// Gives a connection whose TLS session was resumed the identity of the handshake that created the session.
///
/// On resumption BoringSSL skips certificate verification, so the custom callback never runs and the
/// connection would have no identity. BoringSSL still reports the leaf certificate stored in the (server-sealed)
/// session; the verifier remembers which identity that leaf proved. Unknown leaves leave the connection without
/// identity, and its requests get 401.
final class ResumedSessionIdentityHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let identity: ConnectionIdentity
    private let verifier: ClientCertificateVerifier

    init(identity: ConnectionIdentity, verifier: ClientCertificateVerifier) {
        self.identity = identity
        self.verifier = verifier
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, identity.peer == nil,
            let leaf = try? context.pipeline.syncOperations.nioSSL_peerCertificate(),
            let der = try? leaf.toDERBytes(),
            let peer = verifier.rememberedPeer(forLeaf: der)
        {
            identity.record(peer)
        }
        context.fireUserInboundEventTriggered(event)
    }
}
