import Foundation
import GridSecurity
import TestCredentials
import Testing

/// `reload()` re-reads the CA directory. OpenSSL's hash-dir lookup caches what it loaded (a CRL it has
/// read is never re-read), so without a reload a refreshed CRL would be ignored.
@Suite("Reloading the CA directory")
struct ReloadTests {
    private let fileManager = FileManager.default

    /// Copies the CA certificates of a fixture directory into `directory` as regular `<hash>.0` files
    /// (the fixture's are relative symlinks, which would dangle if copied as such).
    private func installCA(from fixtureDirectory: String, into directory: String) throws {
        let source = try TestCertificates.path(fixtureDirectory)
        for name in try fileManager.contentsOfDirectory(atPath: source) where name.hasSuffix(".0") {
            let target = URL(fileURLWithPath: "\(source)/\(name)").resolvingSymlinksInPath().path
            try fileManager.copyItem(atPath: target, toPath: "\(directory)/\(name)")
        }
    }

    private func hashName(in directory: String) throws -> String {
        let name = try #require(try fileManager.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".0") })
        return String(name.dropLast(2))
    }

    @Test("after reload() the trusted CAs follow the directory: an added CA is trusted, a removed one no longer")
    func trustFollowsDirectoryAfterReload() throws {
        let directory = try TestCertificates.scratchDirectory()
        defer { try? fileManager.removeItem(atPath: directory) }
        let verifier = try ProxyChainVerifier(caDirectory: directory, checkCRLs: false)
        let chain = try TestCertificates.chain("user/proxy.pem")
        #expect(verifier.verify(chain: chain).failure?.kind == .untrustedIssuer)

        try installCA(from: "certificates", into: directory)
        try verifier.reload()
        let identity = try verifier.verify(chain: chain).get()
        #expect(identity.dn == TestCertificates.userDN)

        // The store keeps a CA it has loaded even when the file goes away; only a reload drops it.
        // (A newly added CA is looked up lazily and may be found before reload(); a removed or
        // replaced one is not, which is why reload() exists.)
        for name in try fileManager.contentsOfDirectory(atPath: directory) {
            try fileManager.removeItem(atPath: "\(directory)/\(name)")
        }
        try verifier.reload()
        #expect(verifier.verify(chain: chain).failure?.kind == .untrustedIssuer)
    }

    @Test("a CRL replaced in the directory takes effect after reload()")
    func replacedCRLTakesEffectAfterReload() throws {
        let directory = try TestCertificates.scratchDirectory()
        defer { try? fileManager.removeItem(atPath: directory) }
        try installCA(from: "certificates", into: directory)
        let crlPath = "\(directory)/\(try hashName(in: directory)).r0"
        try fileManager.copyItem(atPath: TestCertificates.path("ca/crl-empty.pem"), toPath: crlPath)

        let verifier = try ProxyChainVerifier(caDirectory: directory, checkCRLs: true)
        let revokedChain = try TestCertificates.chain("revoked/proxy.pem")
        #expect(throws: Never.self) { try verifier.verify(chain: revokedChain).get() }

        try fileManager.removeItem(atPath: crlPath)
        try fileManager.copyItem(atPath: TestCertificates.path("ca/crl-revoked.pem"), toPath: crlPath)
        try verifier.reload()
        #expect(verifier.verify(chain: revokedChain).failure?.kind == .revoked)
        #expect(throws: Never.self) { try verifier.verify(chain: TestCertificates.chain("user/proxy.pem")).get() }
    }

    @Test("reload() of a vanished directory throws and keeps verifying with the previous store")
    func failedReloadKeepsPreviousStore() throws {
        let directory = try TestCertificates.scratchDirectory()
        try installCA(from: "certificates", into: directory)
        let verifier = try ProxyChainVerifier(caDirectory: directory, checkCRLs: false)
        let chain = try TestCertificates.chain("user/proxy.pem")
        #expect(throws: Never.self) { try verifier.verify(chain: chain).get() }  // loads the CA into the store

        try fileManager.removeItem(atPath: directory)
        #expect(throws: GridSecurityError.self) { try verifier.reload() }
        #expect(throws: Never.self) { try verifier.verify(chain: chain).get() }
    }
}
