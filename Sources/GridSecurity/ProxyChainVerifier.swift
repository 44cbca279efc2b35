#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import ProxyVerifyShim

/// Verifies the certificate chain a DIRAC client presents and tells who it is.
///
/// Why this exists: DIRAC clients authenticate with RFC 3820 proxy certificates (proxy → user or host
/// certificate → grid CA). The gateway's TLS stack, swift-nio-ssl, is built on BoringSSL, which has no
/// proxy support and rejects such chains, so the server's custom verification callback hands the
/// presented chain to this class. It runs the system OpenSSL's `X509_verify_cert` with
/// `X509_V_FLAG_ALLOW_PROXY_CERTS` and the `ssl_client` purpose against a hashed CA directory such
/// as `/etc/grid-security/certificates` (DIRAC's own M2Crypto-based servers also rely on OpenSSL's
/// proxy support), enforcing RFC 3820's naming and path rules, and
/// reads the identity out of the chain OpenSSL built (see ``CertificateIdentity``). No certificate
/// field is parsed and no signature checked in Swift.
///
/// Thread safety: any number of tasks or threads may call ``verify(chain:at:)`` concurrently, also
/// while ``reload()`` runs. The C shim shares one reference-counted `X509_STORE` between
/// verifications (OpenSSL 3 locks it internally) and swaps it under a mutex on reload; a verification
/// keeps the store it started with. That is why this class can be `Sendable` although it holds a C
/// pointer.
///
/// Cost: a verification is synchronous CPU work of about 1 ms for a proxy + user chain with OpenSSL
/// 3.0 (≈0.3 ms per certificate goes to `d2i_X509`, which is slow in 3.0 and scales poorly across
/// threads; the signature checks are ≈0.03 ms each). That suits a once-per-TLS-handshake check in
/// the verification callback; do not repeat it per request.
public final class ProxyChainVerifier: Sendable {
    /// The hashed CA directory (`<hash>.0` certificates, `<hash>.r0` CRLs).
    public let caDirectory: String
    /// How CRLs of the directory are used.
    public let crlPolicy: CRLPolicy

    /// Verdicts for chains seen before, emptied on every reload.
    private let cache = VerifiedChainCache()

    /// Whether every non-proxy certificate of a chain must be covered by a valid CRL of its issuer.
    public var checksCRLs: Bool { crlPolicy == .require }

    /// `struct pv_verifier *`: immutable after init and internally synchronised by the shim.
    private nonisolated(unsafe) let verifier: OpaquePointer

    /// Opens `caDirectory` for verification.
    ///
    /// OpenSSL's hash-dir lookup reads certificates and CRLs lazily and then caches them, so changes
    /// to the directory (new CAs, refreshed CRLs from `fetch-crl`) need a call to ``reload()``.
    ///
    /// - Parameter checkCRLs: require CRLs (`X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL`).
    ///   `CRL_CHECK_ALL` is essential: plain `CRL_CHECK` only checks the leaf, which is a proxy that no
    ///   CA revokes, so a revoked user's proxies would pass. With CRL checking a CA without a valid
    ///   `<hash>.r0` in the directory makes all its users fail (fail closed) with
    ///   ``ChainVerificationError/Kind/revocationUnknown``.
    /// - Throws: ``GridSecurityError/unusableCADirectory(path:reason:)`` if the directory is missing,
    ///   unreadable or not a directory.
    public convenience init(caDirectory: String, checkCRLs: Bool) throws(GridSecurityError) {
        try self.init(caDirectory: caDirectory, crlPolicy: checkCRLs ? .require : .ignore)
    }

    /// Opens `caDirectory` with a CRL policy; `.ifPresent` enforces the CRLs the directory holds and
    /// accepts CAs that have none, as grid middleware usually does.
    public init(caDirectory: String, crlPolicy: CRLPolicy) throws(GridSecurityError) {
        let (handle, message) = withShimErrorBuffer { pv_verifier_new(caDirectory, crlPolicy.shimValue, $0, $1) }
        guard let handle else { throw .unusableCADirectory(path: caDirectory, reason: message) }
        self.verifier = handle
        self.caDirectory = caDirectory
        self.crlPolicy = crlPolicy
    }

    deinit {
        pv_verifier_free(verifier)
    }

    /// Re-reads the CA directory: builds a fresh store and swaps it in atomically.
    ///
    /// Verifications already running finish with the previous store. If the directory became
    /// unusable the previous store stays in use and the error is thrown.
    public func reload() throws(GridSecurityError) {
        let (ok, message) = withShimErrorBuffer { pv_verifier_reload(verifier, $0, $1) }
        guard ok == 1 else { throw .unusableCADirectory(path: caDirectory, reason: message) }
        // New CRLs or removed CAs may change past verdicts.
        cache.removeAll()
    }

    /// Verifies a chain and returns the identity it proves.
    ///
    /// - Parameters:
    ///   - chain: DER certificates as presented in TLS, leaf first (proxy, [more proxies,] user/host
    ///     certificate[, intermediates]). Presented certificates are only candidates for chain building;
    ///     the identity is read from the chain OpenSSL verified, never from the input list.
    ///   - time: check validity periods and CRLs at this instant instead of now (tests, audits).
    public func verify(chain: [[UInt8]], at time: Date? = nil) -> Result<CertificateIdentity, ChainVerificationError> {
        // Verdicts at "now" are memoised (see VerifiedChainCache); a verification at a given time never is.
        guard time == nil else { return verifyWithOpenSSL(chain: chain, at: time) }
        let now = Date()
        if let identity = cache.identity(for: chain, now: now) {
            return .success(identity)
        }
        let result = verifyWithOpenSSL(chain: chain, at: nil)
        if case .success(let identity) = result {
            cache.store(identity, for: chain, now: now)
        }
        return result
    }

    /// The identity of a client whose TLS session was resumed, from the leaf certificate the session carries.
    ///
    /// A resumed session skips certificate verification: the server sealed the session (ticket) after a full
    /// handshake whose chain this verifier accepted, and the leaf in it is the one verified then. Only verdicts
    /// still remembered count: none after a reload of the CA directory or past the chain's expiry, in which case
    /// the connection has no identity and the client must do a full handshake (fail closed).
    public func rememberedIdentity(forLeaf leaf: [UInt8]) -> CertificateIdentity? {
        cache.identity(forLeaf: leaf, now: Date())
    }

    /// Number of verified chains currently remembered.
    public var cachedChainCount: Int { cache.count }

    private func verifyWithOpenSSL(chain: [[UInt8]], at time: Date?) -> Result<CertificateIdentity, ChainVerificationError> {
        let lengths = chain.map(\.count)
        let bytes = Array(chain.joined())
        let seconds = time.map { Int64($0.timeIntervalSince1970.rounded(.down)) } ?? 0
        var result = pv_result()
        defer { pv_result_clear(&result) }
        bytes.withUnsafeBufferPointer { der in
            lengths.withUnsafeBufferPointer { sizes in
                pv_verify(
                    verifier, der.baseAddress, sizes.baseAddress, chain.count,
                    time == nil ? 0 : 1, seconds, &result)
            }
        }
        guard result.ok == 1 else {
            return .failure(
                ChainVerificationError(
                    kind: .init(shimKind: result.error_kind),
                    code: Int(result.error_code),
                    message: shimString(result.error_message) ?? "verification failed",
                    depth: Int(result.error_depth),
                    subject: shimString(result.error_subject)))
        }
        return .success(
            CertificateIdentity(
                dn: shimString(result.dn) ?? "",
                leafSubject: shimString(result.leaf_subject) ?? "",
                leafIssuer: shimString(result.leaf_issuer) ?? "",
                diracGroup: shimString(result.dirac_group),
                isProxy: result.is_proxy != 0,
                isLimitedProxy: result.is_limited_proxy != 0,
                notAfter: Date(timeIntervalSince1970: TimeInterval(result.not_after))))
    }
}
