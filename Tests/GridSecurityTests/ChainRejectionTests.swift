import Foundation
import GridSecurity
import TestCredentials
import Testing

/// Chains that must be refused, and the reason reported for each.
@Suite("Rejected chains")
struct ChainRejectionTests {
    private func rejection(_ chain: [[UInt8]]) throws -> ChainVerificationError {
        let result = try TestCertificates.verifier().verify(chain: chain)
        return try #require(result.failure, "chain was accepted: \(result)")
    }

    @Test("a proxy from an untrusted CA is refused even though its user has the same DN")
    func untrustedCA() throws {
        let error = try rejection(TestCertificates.chain("other-ca/proxy.pem"))
        #expect(error.kind == .untrustedIssuer)
        #expect(error.depth == 1)
        #expect(error.subject == TestCertificates.userDN)
    }

    @Test("an expired proxy is refused at depth 0")
    func expiredProxy() throws {
        let error = try rejection(TestCertificates.chain("bad/proxy-expired.pem"))
        #expect(error.kind == .expired)
        #expect(error.depth == 0)
        #expect(error.message.contains("expired"))
    }

    @Test("a proxy that is not yet valid is refused")
    func notYetValidProxy() throws {
        let error = try rejection(TestCertificates.chain("bad/proxy-notyetvalid.pem"))
        #expect(error.kind == .notYetValid)
        #expect(error.depth == 0)
    }

    @Test("a proxy issued in the user's name but signed by another key is refused for its signature")
    func wrongSignature() throws {
        let error = try rejection(TestCertificates.chain("bad/proxy-wrongsig.pem"))
        #expect(error.kind == .badSignature)
        #expect(error.depth == 0)
    }

    @Test("a proxy whose subject is not its issuer's DN plus one CN violates RFC 3820")
    func badProxySubject() throws {
        let error = try rejection(TestCertificates.chain("bad/proxy-badsubject.pem"))
        #expect(error.kind == .proxyViolation)
        #expect(error.depth == 0)
        #expect(error.description.contains("proxy subject name violation"))
    }

    @Test("another user's proxy presented with our user's certificate is refused")
    func foreignProxyWithOurUserCertificate() throws {
        let foreignProxy = try TestCertificates.chain("revoked/proxy.pem")[0]
        let ourUser = try TestCertificates.chain("user/usercert.pem")[0]
        let error = try rejection([foreignProxy, ourUser])
        #expect(error.kind == .untrustedIssuer)
        #expect(error.depth == 0)
    }

    @Test("a proxy presented without its user certificate is refused")
    func proxyWithoutUserCertificate() throws {
        let proxyOnly = try [TestCertificates.chain("user/proxy.pem")[0]]
        #expect(try rejection(proxyOnly).kind == .untrustedIssuer)
    }

    @Test("an empty chain is refused as emptyChain")
    func emptyChain() throws {
        #expect(try rejection([]).kind == .emptyChain)
    }

    @Test("bytes that are not one DER certificate are refused as malformed, with their position")
    func malformedElement() throws {
        let chain = try TestCertificates.chain("user/proxy.pem")
        let garbage = try rejection([chain[0], Array("not a certificate".utf8)])
        #expect(garbage.kind == .malformed)
        #expect(garbage.depth == 1)
        let trailing = try rejection([chain[0] + [0], chain[1]])
        #expect(trailing.kind == .malformed)
        #expect(trailing.depth == 0)
    }
}
