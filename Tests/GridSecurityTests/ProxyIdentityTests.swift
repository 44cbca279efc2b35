import Foundation
import GridSecurity
import TestCredentials
import Testing

/// Accepted chains and the DIRAC identity read from them.
@Suite("Identity of accepted chains")
struct ProxyIdentityTests {
    @Test("a proxy with a group yields the user's DN, the group, isProxy and the proxy's subject as leaf")
    func proxyWithGroup() throws {
        let chain = try TestCertificates.chain("user/proxy.pem")
        let identity = try TestCertificates.verifier().verify(chain: chain).get()
        #expect(identity.dn == TestCertificates.userDN)
        #expect(identity.diracGroup == TestCertificates.group)
        #expect(identity.isProxy)
        #expect(!identity.isLimitedProxy)
        let proxy = try CertificateDetails(der: chain[0])
        #expect(identity.leafSubject == "\(TestCertificates.userDN)/CN=\(proxy.serialNumber)")
        #expect(identity.leafIssuer == TestCertificates.userDN)
    }

    @Test("the identity's notAfter is the proxy's, the earliest of the chain, and secondsLeft counts down to it")
    func notAfterIsEarliestInChain() throws {
        let chain = try TestCertificates.chain("user/proxy.pem")
        let identity = try TestCertificates.verifier().verify(chain: chain).get()
        let proxy = try CertificateDetails(der: chain[0])
        let user = try CertificateDetails(der: chain[1])
        #expect(proxy.notAfter < user.notAfter)
        #expect(identity.notAfter == proxy.notAfter)
        let left = identity.secondsLeft()
        #expect(left > 23 * 3600 && left <= 24 * 3600)
        #expect(identity.secondsLeft(at: proxy.notAfter.addingTimeInterval(60)) == 0)
    }

    @Test("a proxy without the 1.2.42.42 extension has no group")
    func proxyWithoutGroup() throws {
        let identity = try TestCertificates.verifier().verify(chain: TestCertificates.chain("user/proxy-nogroup.pem")).get()
        #expect(identity.dn == TestCertificates.userDN)
        #expect(identity.diracGroup == nil)
        #expect(identity.isProxy)
    }

    @Test("a proxy with the Globus limited policy language is flagged limited and keeps its group")
    func limitedProxy() throws {
        let identity = try TestCertificates.verifier().verify(chain: TestCertificates.chain("user/proxy-limited.pem")).get()
        #expect(identity.isLimitedProxy)
        #expect(identity.isProxy)
        #expect(identity.dn == TestCertificates.userDN)
        #expect(identity.diracGroup == TestCertificates.group)
    }

    @Test("a proxy of a proxy resolves to the same user DN and group")
    func levelTwoProxy() throws {
        let chain = try TestCertificates.chain("user/proxy-level2.pem")
        #expect(chain.count == 3)
        let identity = try TestCertificates.verifier().verify(chain: chain).get()
        #expect(identity.dn == TestCertificates.userDN)
        #expect(identity.diracGroup == TestCertificates.group)
        #expect(identity.isProxy)
        let levelOne = try CertificateDetails(der: chain[1])
        #expect(identity.leafIssuer == levelOne.subject)
        #expect(identity.leafSubject.hasPrefix(levelOne.subject + "/CN="))
    }

    @Test("a plain user certificate is not a proxy and its DN is its own subject")
    func plainUserCertificate() throws {
        let identity = try TestCertificates.verifier().verify(chain: TestCertificates.chain("user/usercert.pem")).get()
        #expect(!identity.isProxy)
        #expect(!identity.isLimitedProxy)
        #expect(identity.dn == TestCertificates.userDN)
        #expect(identity.leafSubject == identity.dn)
        #expect(identity.leafIssuer == "/C=ch/O=CTAO/OU=DPPS Test/CN=DPPS Test CA")
        #expect(identity.diracGroup == nil)
    }

    @Test("a host certificate authenticates as the host DN")
    func hostCertificate() throws {
        let identity = try TestCertificates.verifier().verify(chain: TestCertificates.chain("host/hostcert.pem")).get()
        #expect(identity.dn == TestCertificates.hostDN)
        #expect(!identity.isProxy)
        #expect(identity.diracGroup == nil)
        let other = try TestCertificates.verifier().verify(chain: TestCertificates.chain("otherhost/hostcert.pem")).get()
        #expect(other.dn == "/C=ch/O=CTAO/OU=DPPS Test/CN=otherhost.test")
    }
}
