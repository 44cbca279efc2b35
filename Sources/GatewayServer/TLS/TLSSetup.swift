import GatewayConfig
import NIOSSL

/// The server side of TLS as DIRAC clients need it: the host certificate, a client certificate required,
/// and no trust store of BoringSSL's own (the custom callback does all verification against the CA directory).
enum TLSSetup {
    static func makeContext(server: ServerSettings) throws -> NIOSSLContext {
        guard let certificatePath = server.certificate, let keyPath = server.privateKey else {
            throw TLSSetupError("server.certificate and server.privateKey are required for HTTPS")
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw TLSSetupError("cannot load the host certificate \(certificatePath): \(error)")
        }
        guard !chain.isEmpty else { throw TLSSetupError("no certificate in \(certificatePath)") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw TLSSetupError("cannot load the private key \(keyPath): \(error)")
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        // Request and require a client certificate; verification happens in the custom callback.
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates([])
        tls.minimumTLSVersion = .tlsv12
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw TLSSetupError("the host certificate and key do not form a usable TLS identity: \(error)")
        }
    }
}

struct TLSSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
