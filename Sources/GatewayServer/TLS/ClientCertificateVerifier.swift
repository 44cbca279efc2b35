import DIRACAuth
import GridSecurity
import Logging
import NIOCore
import NIOSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Verifies the chain a client presents during the handshake with the system OpenSSL, proxies allowed
/// (`GridSecurity.ProxyChainVerifier`), because BoringSSL inside swift-nio-ssl rejects RFC 3820 proxy
/// certificates, which every DIRAC user presents.
struct ClientCertificateVerifier: Sendable {
    let verifier: ProxyChainVerifier
    let logger: Logger

    /// Verifies DER certificates (leaf first) and gives the peer, or why it was refused.
    func verify(chain: [[UInt8]], method: AuthenticatedPeer.Method) -> Result<AuthenticatedPeer, ChainVerificationError> {
        verifier.verify(chain: chain).map { Self.peer($0, method: method) }
    }

    /// The peer of a resumed TLS session, if its leaf was verified by a handshake still remembered.
    func rememberedPeer(forLeaf leaf: [UInt8]) -> AuthenticatedPeer? {
        verifier.rememberedIdentity(forLeaf: leaf).map { Self.peer($0, method: .tls) }
    }

    private static func peer(_ identity: CertificateIdentity, method: AuthenticatedPeer.Method) -> AuthenticatedPeer {
        AuthenticatedPeer(
            dn: identity.dn,
            subject: identity.leafSubject,
            issuer: identity.leafIssuer,
            groupInCertificate: identity.diracGroup,
            isProxy: identity.isProxy,
            isLimitedProxy: identity.isLimitedProxy,
            notAfter: Int64(identity.notAfter.timeIntervalSince1970),
            method: method
        )
    }

    /// The swift-nio-ssl callback for one connection: verifies, records the identity, and lets the handshake
    /// continue only for a verified chain (BoringSSL then sends alert 46 "certificate unknown" otherwise).
    func callback(for identity: ConnectionIdentity) -> NIOSSLCustomVerificationCallbackWithMetadata {
        { certificates, promise in
            var chain: [[UInt8]] = []
            chain.reserveCapacity(certificates.count)
            for certificate in certificates {
                guard let der = try? certificate.toDERBytes() else {
                    promise.succeed(.failed)
                    return
                }
                chain.append(der)
            }
            switch verify(chain: chain, method: .tls) {
            case .success(let peer):
                identity.record(peer)
                promise.succeed(.certificateVerified(VerificationMetadata(nil)))
            case .failure(let error):
                logger.notice("TLS client refused", metadata: ["reason": "\(error)"])
                promise.succeed(.failed)
            }
        }
    }
}
