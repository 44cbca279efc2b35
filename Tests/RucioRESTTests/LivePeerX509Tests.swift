import Foundation
import RucioREST
import Testing

/// x509 against the peer's optional https listener (`RUCIO_DEV_X509=1 scripts/rucio/start.sh`),
/// which verifies client certificates and grid proxies as mod_ssl does for CTAO's Rucio.
@Suite("Real Rucio peer: x509 proxy authentication")
struct LivePeerX509Tests {
    static var listener: (url: String, ca: String, certificates: String)? {
        guard let peer = try? LivePeer.load(), let url = peer.environment["RUCIO_X509_URL"], !url.isEmpty,
            let ca = peer.environment["RUCIO_X509_CA"], let certificates = peer.environment["RUCIO_DEV_X509_CERTS"]
        else { return nil }
        return (url, ca, certificates)
    }

    @Test(
        "a grid proxy authenticates through /auth/x509_proxy and its token is used for the account",
        .enabled(if: listener != nil, "the peer's x509 listener is off: RUCIO_DEV_X509=1 scripts/rucio/start.sh"))
    func proxyAuthentication() async throws {
        _ = try await LivePeer.require()
        let listener = try #require(Self.listener)
        let configuration = RucioConfiguration(
            baseURL: listener.url, connectTimeout: .seconds(5), requestTimeout: .seconds(30), caFile: listener.ca)
        let log = RequestLog(wrapping: CurlRucioTransport(configuration: configuration))
        let proxy = listener.certificates + "/user/proxy.pem"
        let client = RucioClient(configuration: configuration, credentials: .x509(certificateFile: proxy), transport: log)
        let testuser = client.account("testuser")
        #expect(try await testuser.whoami().account == "testuser")
        #expect(try await testuser.listScopes().contains("user.testuser"))
        #expect(log.authentications.map(\.path) == ["/auth/x509_proxy"])
        // The x509 token carries the DN, spaces included, and is passed through unchanged.
        let token = try #require(log.all.last?.token)
        #expect(token.hasPrefix("testuser-/C=ch/O=CTAO/OU=DPPS Test/CN=testuser"))
    }
}
