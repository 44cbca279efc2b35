import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// `addFile`'s plan of Rucio requests: `/dirac/addfiles` for files whose directory is missing or a dataset, the
/// hidden `.dfc-files` dataset for files put into a container directory, and the completion of registrations a
/// failure interrupted (see `FileWriteMethods.AddFile`).
extension FileWriteMethods {
    /// One `addFile` call's plan (see `AddFile`).
    struct Registration {
        let catalog: RucioCatalog
        let session: RucioAccountSession
        var failed: [RucioDID: String] = [:]

        init(catalog: RucioCatalog, session: RucioAccountSession) {
            self.catalog = catalog
            self.session = session
        }

        /// A file to register or to complete outside `/dirac/addfiles`.
        struct Placement {
            var file: FileToRegister
            /// The dataset the file goes into: its directory, or the directory's hidden `.dfc-files`.
            var dataset: RucioDID
            /// Rucio has the file (removed, or not attached anywhere): its replica states by RSE.
            var existingStates: [String: RucioReplicaState]?
            var isExpired = false
        }

        mutating func fail(_ file: FileToRegister, _ reason: String) {
            if failed[file.did] == nil { failed[file.did] = reason }
        }

        mutating func run(_ resolved: ResolvedPaths, _ result: inout BulkResult) async throws(RucioError) {
            var files: [FileToRegister] = []
            for (entry, did) in resolved.valid {
                switch check(entry, did: did, storageElements: catalog.storageElements) {
                case .success(let file): files.append(file)
                case .failure(let failure): result.fail(entry, failure.reason)
                }
            }
            guard !files.isEmpty else { return }

            let checked = files
            let rses = try await storageElements(for: files)
            files = files.filter { failed[$0.did] == nil }

            // What Rucio already has of these LFNs (removed ones included), and their replicas and parents.
            let stored = try await catalog.storedFacts(of: files.map(\.did), in: session)
            let existing = files.filter { stored[$0.did]?.isFile == true }.map(\.did)
            let replicas = RucioRecordCollector<RucioReplicaRecord>()
            if !existing.isEmpty {
                try await session.listReplicas(
                    for: existing, query: RucioReplicaQuery(allStates: true, ignoreAvailability: true, resolveParents: true)
                ) { replicas.append($0) }
            }
            let replicaRecords = Dictionary(replicas.records.map { ($0.did, $0) }, uniquingKeysWith: { first, _ in first })
            let now = CatalogClock.nowSeconds()

            var registered: [FileToRegister] = []  // already complete in Rucio
            var new: [FileToRegister] = []
            var toPlace: [(file: FileToRegister, states: [String: RucioReplicaState], expired: Bool)] = []
            for file in files {
                guard let facts = stored[file.did] else {
                    new.append(file)
                    continue
                }
                let expired = facts.isExpired(now: now)
                let removed = "was removed and Rucio keeps it until its undertaker deletes it"
                if !facts.isFile {
                    fail(file, expired ? "Cannot register \(file.entry.lfn): a directory of that name \(removed)"
                        : "Cannot register \(file.entry.lfn): it is a directory")
                    continue
                }
                guard sameMetadata(facts, file) else {
                    fail(file, expired
                        ? "Cannot register \(file.entry.lfn) with this size, checksum or GUID: the file \(removed) "
                            + "with other ones, which Rucio cannot change"
                        : alternativeMetadata)
                    continue
                }
                let record = replicaRecords[file.did]
                let states = Dictionary(record?.states.map { ($0.key, $0.value) } ?? [], uniquingKeysWith: { first, _ in first })
                if !expired {
                    if states.isEmpty {
                        fail(file, noReplicas)
                        continue
                    }
                    if states[file.rse] == nil {
                        fail(file, alternativeReplicas)
                        continue
                    }
                    if !(record?.parents ?? []).isEmpty {
                        registered.append(file)
                        continue
                    }
                }
                toPlace.append((file, states, expired))
            }

            // The directories: made ready (checked, removed levels brought back); a directory that must hold a
            // file Rucio already has is created as a dataset, the others are /dirac/addfiles's to create.
            var needsDataset: OrderedDictionary<String, Bool> = [:]
            for file in new where needsDataset[file.directory] == nil { needsDataset[file.directory] = false }
            for (file, _, _) in toPlace { needsDataset[file.directory] = true }
            let prepared = try await catalog.prepareDirectories(
                needsDataset.map { DirectoryTarget(path: $0.key, createAs: $0.value ? .dataset : nil) },
                reattachExisting: false, in: session)

            var viaAddFiles: [FileToRegister] = []
            var placements: [Placement] = []
            var hiddenOf: OrderedDictionary<RucioDID, RucioDID> = [:]  // container → its hidden dataset
            func target(_ file: FileToRegister) -> (RucioDID, RucioDIDType?)? {
                guard prepared.failures[file.directory] == nil, let directory = prepared.dids[file.directory] else {
                    return nil
                }
                return (directory, prepared.types[directory])
            }
            for file in new {
                guard let (directory, type) = target(file) else {
                    fail(file, prepared.failures[file.directory] ?? "Invalid LFN: \(file.directory)")
                    continue
                }
                if type == .container {
                    let hidden = catalog.naming.hiddenFilesDID(of: directory)
                    hiddenOf[directory] = hidden
                    placements.append(Placement(file: file, dataset: hidden))
                } else {
                    viaAddFiles.append(file)
                }
            }
            for (file, states, expired) in toPlace {
                guard let (directory, type) = target(file) else {
                    fail(file, prepared.failures[file.directory] ?? "Invalid LFN: \(file.directory)")
                    continue
                }
                var dataset = directory
                if type == .container {
                    dataset = catalog.naming.hiddenFilesDID(of: directory)
                    hiddenOf[directory] = dataset
                }
                placements.append(Placement(file: file, dataset: dataset, existingStates: states, isExpired: expired))
            }

            try await prepareHiddenDatasets(hiddenOf, placements: &placements)
            try await addViaDirac(viaAddFiles, rses: rses)
            try await place(placements.filter { failed[$0.file.did] == nil }, rses: rses)
            let done = registered + viaAddFiles + placements.map(\.file)
            try await addExtraReplicas(done.filter { failed[$0.did] == nil && $0.rses.count > 1 }, rses: rses)

            for file in checked {
                if let reason = failed[file.did] {
                    result.fail(file.entry, reason)
                } else {
                    result.succeed(file.entry, true)
                }
            }
        }

        /// The RSEs of the call (`GET /rses/{rse}` each): unknown ones fail their LFNs before anything is
        /// written (Rucio would refuse the whole request).
        mutating func storageElements(for files: [FileToRegister]) async throws(RucioError) -> [String: RucioRSE] {
            var rses: [String: RucioRSE] = [:]
            var unknown: Set<String> = []
            for name in OrderedSet(files.flatMap(\.rses)) {
                do throws(RucioError) {
                    rses[name] = try await session.rse(name)
                } catch where error.isItemRefusal {
                    unknown.insert(name)
                }
            }
            for file in files {
                if let name = file.rses.first(where: unknown.contains) {
                    let se = file.entry.value.dictValue?["SE"]
                    let seName = se?.stringValue ?? se?.listValue?.first(where: {
                        $0.stringValue.map(catalog.storageElements.rse(forSE:)) == name
                    })?.stringValue ?? name
                    fail(file, "Unknown storage element \(seName): Rucio has no RSE \(name)")
                }
            }
            return rses
        }

        /// The PFN to give Rucio for a replica on `rse`: only non-deterministic RSEs take one.
        func pfn(_ file: FileToRegister, on rse: String, _ rses: [String: RucioRSE]) -> String? {
            guard let info = rses[rse], !info.isDeterministic, !file.pfn.isEmpty else { return nil }
            return file.pfn
        }

        /// Hidden `.dfc-files` datasets of container directories: created if missing, attached to their
        /// directory (again: that completes an interrupted first use), lifetime cleared if removed.
        mutating func prepareHiddenDatasets(
            _ hiddenOf: OrderedDictionary<RucioDID, RucioDID>, placements: inout [Placement]
        ) async throws(RucioError) {
            guard !hiddenOf.isEmpty else { return }
            let stored = try await catalog.storedFacts(of: Array(hiddenOf.values), in: session)
            let now = CatalogClock.nowSeconds()
            var refused = try await catalog.createCollections(
                hiddenOf.values.filter { stored[$0] == nil }.map { ($0, RucioDIDType.dataset) }, in: session)
            let links = hiddenOf.filter { refused[$0.value] == nil }.map { (child: $0.value, parent: $0.key) }
            for (did, error) in try await catalog.attach(links, in: session) { refused[did] = error }
            let revive = hiddenOf.values.filter { refused[$0] == nil && stored[$0]?.isExpired(now: now) == true }
            for (did, error) in try await catalog.clearLifetime(Array(revive), in: session) { refused[did] = error }
            for placement in placements {
                if let error = refused[placement.dataset] {
                    fail(placement.file, "Cannot prepare \(placement.dataset.name): \(error.perLFNReason)")
                }
            }
        }

        /// New files whose directory is missing or a dataset: Rucio's `/dirac/addfiles`.
        /// Rucio refuses a whole `/dirac/addfiles` request (500 `ScopeNotFound`) when one LFN's scope does not exist;
        /// the scopes are then listed once, those LFNs fail on their own and the rest is registered (the DFC has no
        /// scopes: the other files of the batch must not pay for one bad LFN).
        mutating func addViaDirac(_ files: [FileToRegister], rses: [String: RucioRSE]) async throws(RucioError) {
            let session = self.session
            var pending = files.filter { failed[$0.did] == nil }
            func inputs(_ files: [FileToRegister]) -> [RucioDiracFile] {
                files.map { file in
                    RucioDiracFile(
                        lfn: file.entry.lfn, rse: file.rse, bytes: file.bytes, adler32: file.adler32, guid: file.guid,
                        pfn: pfn(file, on: file.rse, rses))
                }
            }
            func register(_ inputs: [RucioDiracFile]) async throws(RucioError) -> [Int: RucioError] {
                try await catalog.bulkOrEach(
                    inputs,
                    bulk: { (items: [RucioDiracFile]) async throws(RucioError) in
                        try await session.diracAddFiles(items, ignoreAvailability: false)
                    },
                    each: { (item: RucioDiracFile) async throws(RucioError) in
                        try await session.diracAddFiles([item], ignoreAvailability: false)
                    })
            }
            var sent = inputs(pending)
            let refused: [Int: RucioError]
            do throws(RucioError) {
                refused = try await register(sent)
            } catch where error.hasExceptionClass("ScopeNotFound") {
                let scopes = Set(try await session.listScopes())
                for file in pending where !scopes.contains(file.did.scope) {
                    fail(file, "Invalid LFN: scope '\(file.did.scope)' does not exist in Rucio")
                }
                pending = pending.filter { scopes.contains($0.did.scope) }
                sent = inputs(pending)
                refused = try await register(sent)
            }
            let inputs = sent
            let byLFN = Dictionary(files.map { ($0.entry.lfn, $0) }, uniquingKeysWith: { first, _ in first })
            for (index, error) in refused {
                if let file = byLFN[inputs[index].lfn] { fail(file, error.perLFNReason) }
            }
        }

        /// Files registered outside `/dirac/addfiles` (into a hidden dataset, or completed, or brought back):
        /// replica, replica `AVAILABLE` again, rule, attachment, and for a removed file its lifetime cleared.
        mutating func place(_ placements: [Placement], rses: [String: RucioRSE]) async throws(RucioError) {
            guard !placements.isEmpty else { return }
            var byRSE: OrderedDictionary<String, [FileToRegister]> = [:]
            var revalidate: OrderedDictionary<String, [RucioDID]> = [:]
            for placement in placements {
                let file = placement.file
                let state = placement.existingStates?[file.rse]
                if state == nil {
                    byRSE[file.rse, default: []].append(file)
                } else if state != .available {
                    revalidate[file.rse, default: []].append(file.did)
                }
            }
            for (rse, files) in byRSE {
                try await addReplicas(files, on: rse, rses: rses)
            }
            for (did, error) in try await catalog.setReplicaStates(revalidate, to: .available, in: session) {
                if let placement = placements.first(where: { $0.file.did == did }) { fail(placement.file, error.perLFNReason) }
            }
            var ruleFiles: OrderedDictionary<String, [FileToRegister]> = [:]
            for placement in placements where failed[placement.file.did] == nil {
                ruleFiles[placement.file.rse, default: []].append(placement.file)
            }
            for (rse, files) in ruleFiles {
                try await addRules(files, on: rse)
            }
            let ready = placements.filter { failed[$0.file.did] == nil }
            let refused = try await catalog.attach(ready.map { (child: $0.file.did, parent: $0.dataset) }, in: session)
            for placement in ready {
                if let error = refused[placement.file.did] { fail(placement.file, error.perLFNReason) }
            }
            let revive = placements.filter { $0.isExpired && failed[$0.file.did] == nil }
            for (did, error) in try await catalog.clearLifetime(revive.map(\.file.did), in: session) {
                if let placement = revive.first(where: { $0.file.did == did }) { fail(placement.file, error.perLFNReason) }
            }
        }

        /// The replicas of `SE` lists beyond the first (DFC: extra replicas of a new file), with their rules.
        mutating func addExtraReplicas(_ files: [FileToRegister], rses: [String: RucioRSE]) async throws(RucioError) {
            var byRSE: OrderedDictionary<String, [FileToRegister]> = [:]
            for file in files {
                for rse in file.rses.dropFirst() where rse != file.rse { byRSE[rse, default: []].append(file) }
            }
            for (rse, files) in byRSE {
                try await addReplicas(files, on: rse, rses: rses)
                try await addRules(files.filter { failed[$0.did] == nil }, on: rse)
            }
        }

        /// `POST /replicas` on one RSE (an existing replica is skipped by Rucio: a retry is harmless).
        mutating func addReplicas(_ files: [FileToRegister], on rse: String, rses: [String: RucioRSE])
            async throws(RucioError)
        {
            let session = self.session
            let replicas = files.map { file in
                RucioNewReplica(
                    did: file.did, bytes: file.bytes, adler32: file.adler32, pfn: pfn(file, on: rse, rses), guid: file.guid)
            }
            let refused = try await catalog.bulkOrEach(
                replicas,
                bulk: { (items: [RucioNewReplica]) async throws(RucioError) in
                    try await session.addReplicas(rse: rse, files: items)
                },
                each: { (item: RucioNewReplica) async throws(RucioError) in
                    try await session.addReplicas(rse: rse, files: [item])
                })
            for (index, error) in refused { fail(files[index], error.perLFNReason) }
        }

        /// A rule per file on its RSE (one copy, no grouping, no lifetime: what `/dirac/addfiles` adds with
        /// Rucio's default `[dirac] file_lifetime`), so Rucio keeps the replica. An existing one is done.
        mutating func addRules(_ files: [FileToRegister], on rse: String) async throws(RucioError) {
            let session = self.session
            let refused = try await catalog.bulkOrEach(
                files.map(\.did),
                bulk: { (dids: [RucioDID]) async throws(RucioError) in
                    var start = 0
                    while start < dids.count {
                        let chunk = Array(dids[start..<min(start + 1000, dids.count)])
                        _ = try await session.addRule(RucioRuleSpec(dids: chunk, account: session.account, rseExpression: rse))
                        start += 1000
                    }
                },
                each: { (did: RucioDID) async throws(RucioError) in
                    _ = try await session.addRule(RucioRuleSpec(dids: [did], account: session.account, rseExpression: rse))
                },
                tolerate: { $0.isDuplicate })
            for (index, error) in refused { fail(files[index], error.perLFNReason) }
        }
    }
}
