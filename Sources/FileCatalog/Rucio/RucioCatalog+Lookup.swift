import DIRACWire
import OrderedCollections
import RucioREST
import Synchronization

/// The LFNs of a call, split into those that name a DID and those rejected before anything is sent.
public struct ResolvedPaths: Sendable {
    public var valid: [(entry: LFNArgument.Entry, did: RucioDID)] = []
    public var rejected: [(entry: LFNArgument.Entry, rejection: LFNRejection)] = []

    /// The distinct DIDs of the valid entries, in the caller's order.
    public var dids: [RucioDID] {
        var seen = Set<RucioDID>()
        return valid.compactMap { seen.insert($0.did).inserted ? $0.did : nil }
    }

    /// Records every rejected LFN as `Failed` with its reason.
    public func failRejected(in result: inout BulkResult) {
        for (entry, rejection) in rejected {
            result.fail(entry, rejection.description)
        }
    }
}

extension LFNNaming {
    public func resolve(_ argument: LFNArgument) -> ResolvedPaths {
        var resolved = ResolvedPaths()
        for entry in argument.entries.values {
            if entry.oversized {
                let problem = LFNArgument.oversizeProblem(entry, limit: argument.limits.maximumLFNLength)
                resolved.rejected.append((entry, LFNRejection(path: LogText.safe(entry.lfn, limit: 64), reason: problem)))
                continue
            }
            switch did(for: entry.lfn) {
            case .success(let did): resolved.valid.append((entry, did))
            case .failure(let rejection): resolved.rejected.append((entry, rejection))
            }
        }
        return resolved
    }
}

/// Values gathered from a listing callback, which runs on the transfer thread.
final class Gathered<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage = Mutex<[Key: Value]>([:])

    init() {}

    func set(_ key: Key, _ value: Value) { storage.withLock { $0[key] = value } }

    var values: [Key: Value] { storage.withLock { $0 } }
}

extension RucioCatalog {
    /// The `dids` columns of every DID that exists (`POST /dids/bulkmeta`, ≤1000 per request); a DID that
    /// does not exist is absent from the answer, which is how Rucio reports it. DIDs whose lifetime is over
    /// (what `removeFile`/`removeDirectory` leave for Rucio's undertaker) are absent too.
    public func facts(of dids: [RucioDID], in session: RucioAccountSession) async throws(RucioError)
        -> [RucioDID: DIDFacts]
    {
        guard !dids.isEmpty else { return [:] }
        let gathered = Gathered<RucioDID, DIDFacts>()
        let now = CatalogClock.nowSeconds()
        try await session.bulkMetadata(for: dids, plugin: .didColumn) { record in
            let facts = DIDFacts(record: record)
            if !facts.isExpired(now: now) { gathered.set(record.did, facts) }
        }
        return gathered.values
    }
}
