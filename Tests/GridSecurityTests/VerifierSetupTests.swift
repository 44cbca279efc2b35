import Foundation
import GridSecurity
import TestCredentials
import Testing

@Suite("Verifier setup")
struct VerifierSetupTests {
    @Test("a missing CA directory is refused at construction, naming the path")
    func missingDirectory() {
        let path = "/nonexistent/grid-security/certificates"
        #expect {
            try ProxyChainVerifier(caDirectory: path, checkCRLs: false)
        } throws: { error in
            guard case let GridSecurityError.unusableCADirectory(reported, reason) = error else { return false }
            return reported == path && reason.contains(path)
        }
    }

    @Test("a regular file given as CA directory is refused")
    func fileInsteadOfDirectory() throws {
        let file = try TestCertificates.path("ca/ca.pem")
        #expect(throws: GridSecurityError.self) { try ProxyChainVerifier(caDirectory: file, checkCRLs: false) }
    }

    @Test("the verifier reports the directory and CRL setting it was built with")
    func properties() throws {
        let verifier = try TestCertificates.verifier("certificates-crl", checkCRLs: true)
        #expect(verifier.caDirectory == (try TestCertificates.path("certificates-crl")))
        #expect(verifier.checksCRLs)
    }
}
