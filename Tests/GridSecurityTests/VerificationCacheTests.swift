import Foundation
import GridSecurity
import TestCredentials
import Testing

/// DIRAC clients present the same proxy on every new connection; verdicts are remembered until reload.
@Suite("Verified chain cache")
struct VerificationCacheTests {
    @Test("a chain verified once is remembered and gives the same identity again")
    func repeatedChainIsServedFromTheCache() throws {
        let verifier = try TestCertificates.verifier()
        let chain = try TestCertificates.chain("user/proxy.pem")
        let first = try verifier.verify(chain: chain).get()
        #expect(verifier.cachedChainCount == 1)
        let second = try verifier.verify(chain: chain).get()
        #expect(second == first)
        #expect(verifier.cachedChainCount == 1)
    }

    @Test("refused chains are not remembered")
    func refusedChainsAreNotCached() throws {
        let verifier = try TestCertificates.verifier()
        _ = try #require(verifier.verify(chain: TestCertificates.chain("other-ca/proxy.pem")).failure)
        #expect(verifier.cachedChainCount == 0)
    }

    @Test("reloading the CA directory forgets every verdict, so a removed CA takes effect")
    func reloadEmptiesTheCache() throws {
        let directory = try TestCertificates.scratchDirectory()
        let source = try TestCertificates.path("certificates")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: directory + "/" + name)
        }
        let verifier = try ProxyChainVerifier(caDirectory: directory, crlPolicy: .ignore)
        let chain = try TestCertificates.chain("user/proxy.pem")
        _ = try verifier.verify(chain: chain).get()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        try verifier.reload()
        #expect(verifier.cachedChainCount == 0)
        let error = try #require(verifier.verify(chain: chain).failure)
        #expect(error.kind == .untrustedIssuer)
    }

    @Test("a verification at an explicit time never uses or fills the cache")
    func timedVerificationBypassesTheCache() throws {
        let verifier = try TestCertificates.verifier()
        let chain = try TestCertificates.chain("user/proxy.pem")
        _ = try verifier.verify(chain: chain, at: Date()).get()
        #expect(verifier.cachedChainCount == 0)
        let farFuture = Date().addingTimeInterval(10 * 365 * 86_400)
        _ = try #require(verifier.verify(chain: chain, at: farFuture).failure)
    }
}
