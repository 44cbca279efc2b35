import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Remembers chains that verified, keyed by their exact DER bytes, so that a client presenting the same proxy
/// on every call pays for OpenSSL's chain building once rather than per TLS handshake.
///
/// DIRAC clients open a new TLS connection for every RPC, always with the same proxy (for hours), and
/// OpenSSL 3.0's certificate decoding makes a verification cost around half a millisecond. What a cached
/// verdict depends on is fixed: the certificates (the key is the exact bytes, compared in full), the trust
/// store and its CRLs (the cache is emptied whenever the verifier reloads the CA directory), and time (an
/// entry expires at the chain's earliest `notAfter`, and after `maximumAge` at most). Possession of the leaf's
/// private key is proved by the TLS handshake itself, never by this cache. Only successes are cached.
final class VerifiedChainCache: Sendable {
    private struct Entry {
        var identity: CertificateIdentity
        var expires: Date
    }

    private struct Entries {
        var byChain: [[[UInt8]]: Entry] = [:]
        /// The same verdicts by leaf certificate, for TLS sessions resumed from a verified handshake.
        var byLeaf: [[UInt8]: Entry] = [:]
    }

    private let entries = Mutex(Entries())
    let capacity: Int
    let maximumAge: TimeInterval

    init(capacity: Int = 10_000, maximumAge: TimeInterval = 600) {
        self.capacity = capacity
        self.maximumAge = maximumAge
    }

    func identity(for chain: [[UInt8]], now: Date) -> CertificateIdentity? {
        entries.withLock { entries in
            guard let entry = entries.byChain[chain] else { return nil }
            guard entry.expires > now else {
                entries.byChain[chain] = nil
                return nil
            }
            return entry.identity
        }
    }

    func identity(forLeaf leaf: [UInt8], now: Date) -> CertificateIdentity? {
        entries.withLock { entries in
            guard let entry = entries.byLeaf[leaf] else { return nil }
            guard entry.expires > now else {
                entries.byLeaf[leaf] = nil
                return nil
            }
            return entry.identity
        }
    }

    func store(_ identity: CertificateIdentity, for chain: [[UInt8]], now: Date) {
        let expires = min(identity.notAfter, now.addingTimeInterval(maximumAge))
        guard expires > now else { return }
        entries.withLock { entries in
            if entries.byChain.count >= capacity || entries.byLeaf.count >= capacity {
                entries.byChain = entries.byChain.filter { $0.value.expires > now }
                entries.byLeaf = entries.byLeaf.filter { $0.value.expires > now }
                if entries.byChain.count >= capacity || entries.byLeaf.count >= capacity { entries = Entries() }
            }
            let entry = Entry(identity: identity, expires: expires)
            entries.byChain[chain] = entry
            if let leaf = chain.first { entries.byLeaf[leaf] = entry }
        }
    }

    func removeAll() {
        entries.withLock { $0 = Entries() }
    }

    var count: Int { entries.withLock { $0.byChain.count } }
}
