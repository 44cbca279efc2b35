import Foundation
import GridSecurity
import TestCredentials
import Testing

@Suite("Reading single certificates")
struct CertificateDetailsTests {
    @Test("a proxy's details show its subject as user DN plus its serial, its group and proxy flags")
    func proxyDetails() throws {
        let proxy = try CertificateDetails(der: TestCertificates.chain("user/proxy.pem")[0])
        #expect(proxy.isProxy)
        #expect(!proxy.isLimitedProxy)
        #expect(proxy.diracGroup == TestCertificates.group)
        #expect(proxy.issuer == TestCertificates.userDN)
        #expect(proxy.subject == "\(TestCertificates.userDN)/CN=\(proxy.serialNumber)")
        #expect(proxy.notAfter.timeIntervalSince(proxy.notBefore) == 86400)
    }

    @Test("a limited proxy's details flag it limited; a group-less proxy has no group")
    func limitedAndGroupless() throws {
        let limited = try CertificateDetails(der: TestCertificates.chain("user/proxy-limited.pem")[0])
        #expect(limited.isLimitedProxy)
        let groupless = try CertificateDetails(der: TestCertificates.chain("user/proxy-nogroup.pem")[0])
        #expect(groupless.diracGroup == nil)
        #expect(groupless.isProxy)
    }

    @Test("bytes that are not a certificate are refused")
    func garbage() {
        #expect(throws: GridSecurityError.self) { try CertificateDetails(der: [0x30, 0x03, 0x02, 0x01, 0x01]) }
        #expect(throws: GridSecurityError.self) { try CertificateDetails(der: []) }
    }
}
