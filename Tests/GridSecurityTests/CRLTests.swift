import Foundation
import GridSecurity
import TestCredentials
import Testing

/// CRL enforcement: `certificates-crl` holds the CA and a CRL revoking `revoked/usercert.pem`;
/// `certificates` holds the CA and no CRL.
@Suite("Certificate revocation lists")
struct CRLTests {
    @Test("with CRL checking, a proxy of a revoked user is refused at the user certificate")
    func revokedUserIsRefused() throws {
        let verifier = try TestCertificates.verifier("certificates-crl", checkCRLs: true)
        let error = try #require(verifier.verify(chain: TestCertificates.chain("revoked/proxy.pem")).failure)
        #expect(error.kind == .revoked)
        #expect(error.depth == 1)
        #expect(error.subject == TestCertificates.revokedDN)
    }

    @Test("with CRL checking, a user absent from the CRL is accepted, proxy and plain certificate alike")
    func unrevokedUserIsAccepted() throws {
        let verifier = try TestCertificates.verifier("certificates-crl", checkCRLs: true)
        let proxy = try verifier.verify(chain: TestCertificates.chain("user/proxy.pem")).get()
        #expect(proxy.dn == TestCertificates.userDN)
        let level2 = try verifier.verify(chain: TestCertificates.chain("user/proxy-level2.pem")).get()
        #expect(level2.dn == TestCertificates.userDN)
        let host = try verifier.verify(chain: TestCertificates.chain("host/hostcert.pem")).get()
        #expect(host.dn == TestCertificates.hostDN)
    }

    @Test("without CRL checking, the CRL in the directory is ignored and the revoked user passes")
    func crlIgnoredWhenCheckingIsOff() throws {
        let verifier = try TestCertificates.verifier("certificates-crl", checkCRLs: false)
        let identity = try verifier.verify(chain: TestCertificates.chain("revoked/proxy.pem")).get()
        #expect(identity.dn == TestCertificates.revokedDN)
    }

    @Test("with CRL checking, a CA without a CRL in the directory makes its users fail as revocationUnknown")
    func missingCRLFailsClosed() throws {
        let verifier = try TestCertificates.verifier("certificates", checkCRLs: true)
        let error = try #require(verifier.verify(chain: TestCertificates.chain("user/proxy.pem")).failure)
        #expect(error.kind == .revocationUnknown)
    }

    @Test("CRLs if present: a CA without a CRL is accepted")
    func ifPresentAcceptsCAWithoutCRL() throws {
        let verifier = try ProxyChainVerifier(caDirectory: TestCertificates.path("certificates"), crlPolicy: .ifPresent)
        let identity = try verifier.verify(chain: TestCertificates.chain("user/proxy.pem")).get()
        #expect(identity.dn == TestCertificates.userDN)
    }

    @Test("CRLs if present: a CRL that is in the directory is enforced")
    func ifPresentEnforcesTheCRLThatIsThere() throws {
        let verifier = try ProxyChainVerifier(caDirectory: TestCertificates.path("certificates-crl"), crlPolicy: .ifPresent)
        let error = try #require(verifier.verify(chain: TestCertificates.chain("revoked/proxy.pem")).failure)
        #expect(error.kind == .revoked)
        let identity = try verifier.verify(chain: TestCertificates.chain("user/proxy.pem")).get()
        #expect(identity.dn == TestCertificates.userDN)
    }

    @Test("CRLs if present: an untrusted chain is still refused")
    func ifPresentDoesNotForgiveOtherErrors() throws {
        let verifier = try ProxyChainVerifier(caDirectory: TestCertificates.path("certificates"), crlPolicy: .ifPresent)
        let error = try #require(verifier.verify(chain: TestCertificates.chain("other-ca/proxy.pem")).failure)
        #expect(error.kind == .untrustedIssuer)
    }
}
