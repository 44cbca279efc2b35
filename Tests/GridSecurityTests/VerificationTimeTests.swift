import Foundation
import GridSecurity
import TestCredentials
import Testing

@Suite("Verification time override")
struct VerificationTimeTests {
    @Test("a valid proxy checked two days ahead is expired")
    func validProxyLaterIsExpired() throws {
        let verifier = try TestCertificates.verifier()
        let chain = try TestCertificates.chain("user/proxy.pem")
        #expect(throws: Never.self) { try verifier.verify(chain: chain).get() }
        let later = verifier.verify(chain: chain, at: Date().addingTimeInterval(2 * 86400))
        #expect(later.failure?.kind == .expired)
        #expect(later.failure?.depth == 0)
    }

    @Test("a not-yet-valid proxy checked inside its validity period is accepted")
    func futureProxyInsideItsPeriodIsAccepted() throws {
        let verifier = try TestCertificates.verifier()
        let chain = try TestCertificates.chain("bad/proxy-notyetvalid.pem")
        let proxy = try CertificateDetails(der: chain[0])
        let inside = proxy.notBefore.addingTimeInterval(3600)
        let identity = try verifier.verify(chain: chain, at: inside).get()
        #expect(identity.dn == TestCertificates.userDN)
        #expect(identity.secondsLeft(at: inside) == Int(proxy.notAfter.timeIntervalSince(inside)))
    }

    @Test("the verification time applies to every certificate of the chain, not only the leaf")
    func expiredProxyBeforeUserCertificate() throws {
        // The user and CA certificates were issued today (openssl cannot back-date them), so at the
        // expired proxy's own validity period the chain fails above the leaf instead.
        let verifier = try TestCertificates.verifier()
        let chain = try TestCertificates.chain("bad/proxy-expired.pem")
        let proxy = try CertificateDetails(der: chain[0])
        let error = try #require(verifier.verify(chain: chain, at: proxy.notBefore.addingTimeInterval(60)).failure)
        #expect(error.kind == .notYetValid)
        #expect(error.depth > 0)
    }
}
