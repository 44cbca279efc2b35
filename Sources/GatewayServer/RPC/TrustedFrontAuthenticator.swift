import DIRACAuth
import GatewayConfig
import GridSecurity
import HTTPTypes
import NIOCore

/// DIRAC's balancer mode (`BaseRequestHandler._authzSSL` with `/WebApp/Balancer`): a TLS-terminating front
/// verified the client and forwards the chain in `X-SSL-CERT` (URL-quoted PEM) with
/// `X-Ssl_client_verify: SUCCESS`. The headers are believed only from the configured front addresses, and the
/// forwarded chain is verified again against the gateway's own CA directory.
struct TrustedFrontAuthenticator: Sendable {
    let allowedAddresses: Set<String>
    let verifier: ClientCertificateVerifier

    static let certificateHeader = HTTPField.Name("X-SSL-CERT")!
    static let verifyHeader = HTTPField.Name("X-Ssl_client_verify")!

    init(settings: TrustedFrontSettings, verifier: ClientCertificateVerifier) {
        allowedAddresses = Set(settings.allowedAddresses)
        self.verifier = verifier
    }

    func authenticate(headers: HTTPFields, remoteAddress: SocketAddress?) throws(AuthenticationError) -> AuthenticatedPeer {
        guard let address = remoteAddress?.ipAddress, allowedAddresses.contains(address) else {
            throw AuthenticationError("request from \(remoteAddress?.ipAddress ?? "an unknown address"), which is not a trusted front")
        }
        guard headers[Self.verifyHeader] == "SUCCESS" else {
            throw AuthenticationError("the front did not verify a client certificate (X-Ssl_client_verify is not SUCCESS)")
        }
        guard let encoded = headers[Self.certificateHeader], !encoded.isEmpty else {
            throw AuthenticationError("the front sent no client certificate (X-SSL-CERT)")
        }
        let chain: [[UInt8]]
        do {
            chain = try PEM.certificates(inURLEncoded: encoded)
        } catch {
            throw AuthenticationError("X-SSL-CERT is not a PEM certificate chain: \(error)")
        }
        switch verifier.verify(chain: chain, method: .trustedFront) {
        case .success(let peer): return peer
        case .failure(let error): throw AuthenticationError("forwarded client certificate refused: \(error)")
        }
    }
}
