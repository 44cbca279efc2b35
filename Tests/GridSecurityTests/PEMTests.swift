import Foundation
import GridSecurity
import TestCredentials
import Testing

@Suite("PEM parsing")
struct PEMTests {
    @Test("a proxy file yields the proxy and user certificates in order and skips the private key")
    func proxyFile() throws {
        let text = try String(contentsOfFile: TestCertificates.path("user/proxy.pem"), encoding: .utf8)
        #expect(text.contains("PRIVATE KEY"))
        let certificates = try PEM.certificates(in: text)
        #expect(certificates.count == 2)
        let proxy = try CertificateDetails(der: certificates[0])
        let user = try CertificateDetails(der: certificates[1])
        #expect(proxy.isProxy)
        #expect(user.subject == TestCertificates.userDN)
        #expect(!user.isProxy)
    }

    @Test("text without any certificate is refused with a message saying so")
    func garbage() {
        #expect {
            try PEM.certificates(in: "hello, this is not PEM\n")
        } throws: { error in
            guard case let GridSecurityError.invalidPEM(reason) = error else { return false }
            return reason.contains("no PEM certificate")
        }
    }

    @Test("a private key alone is not a certificate")
    func keyOnly() throws {
        let key = try String(contentsOfFile: TestCertificates.path("user/userkey.pem"), encoding: .utf8)
        #expect(throws: GridSecurityError.self) { try PEM.certificates(in: key) }
    }

    @Test("a damaged certificate block makes the whole text invalid")
    func damagedBlock() throws {
        let text = try String(contentsOfFile: TestCertificates.path("user/usercert.pem"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[3] = String(repeating: "!", count: lines[3].count)  // not base64
        #expect {
            try PEM.certificates(in: lines.joined(separator: "\n"))
        } throws: { error in
            guard case let GridSecurityError.invalidPEM(reason) = error else { return false }
            return reason.contains("damaged")
        }
    }

    @Test("a percent-encoded chain, as in an X-SSL-CERT header, decodes to the same certificates")
    func urlEncodedHeader() throws {
        let text = try String(contentsOfFile: TestCertificates.path("user/proxy.pem"), encoding: .utf8)
        let header = try #require(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        #expect(header.contains("%2B") || header.contains("%2F"))
        #expect(try PEM.certificates(inURLEncoded: header) == PEM.certificates(in: text))
        #expect(throws: GridSecurityError.self) { try PEM.certificates(inURLEncoded: header + "%4") }
    }

    @Test("a literal '+' in an encoded header stays part of the base64")
    func plusIsNotSpace() throws {
        let text = try String(contentsOfFile: TestCertificates.path("user/usercert.pem"), encoding: .utf8)
        try #require(text.contains("+"))
        let header = text.replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: " ", with: "%20")
        #expect(try PEM.certificates(inURLEncoded: header) == PEM.certificates(in: text))
    }
}
