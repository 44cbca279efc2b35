import DIRACWire
import FileCatalog
import Foundation
import GatewayJSON
import OrderedCollections
import RucioREST
import Testing

/// Replica writes against the real Rucio peer, on files each test registers itself (`/dirac/addfiles` as the
/// gateway's account `dirac`, under a fresh `/ctao/tests/…` directory, scope `tests`), checked against Rucio's
/// own state as root: replica states (`all_states`) and the rules on the file DID.
@Suite("Replica write methods on the real Rucio peer")
struct ReplicaWriteMethodsTests {
    // MARK: addReplica

    @Test("addReplica registers a second replica at the SE, pinned by a rule of the caller's account there")
    func addSecondReplica() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "add2")[0]
        // A PFN Rucio would refuse on a deterministic RSE (InvalidPath): it must not be passed on.
        let (successful, failed) = try await peer.bulk(
            "addReplica", [.dict([lfn: .dict(["SE": "STORAGE-2", "PFN": "davs://elsewhere/x"])])])
        #expect(failed.isEmpty)
        #expect(successful[lfn] == true)
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE", "STORAGE-2": "AVAILABLE"])
        let pins = try await Self.rules(peer, lfn).filter { $0.rseExpression == "STORAGE-2" }
        #expect(pins.count == 1)
        #expect(pins.first?.account == "dirac")
        #expect(pins.first?.copies == 1)
        #expect(pins.first?.expiresAt == nil)
        #expect(try await Self.visibleSEs(peer, lfn) == ["STORAGE-1", "STORAGE-2"])
    }

    @Test("addReplica of a replica that exists succeeds again without a second rule or any change")
    func addExistingReplicaIsIdempotent() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "addagain")[0]
        let before = try await Self.rules(peer, lfn).map(\.id).sorted()
        for _ in 0..<2 {
            let (successful, failed) = try await peer.bulk("addReplica", [.dict([lfn: .dict(["SE": "STORAGE-1", "PFN": ""])])])
            #expect(failed.isEmpty)
            #expect(successful[lfn] == true)
        }
        #expect(try await Self.rules(peer, lfn).map(\.id).sorted() == before)
        for _ in 0..<2 {
            let (successful, _) = try await peer.bulk("addReplica", [.dict([lfn: .dict(["SE": "STORAGE-2", "PFN": ""])])])
            #expect(successful[lfn] == true)
        }
        #expect(try await Self.rules(peer, lfn).filter { $0.rseExpression == "STORAGE-2" }.count == 1)
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE", "STORAGE-2": "AVAILABLE"])
    }

    @Test("addReplica to a missing file or a directory fails with \"No such file or directory\" and registers nothing")
    func addToMissingFile() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "addmissing")[0]
        let directory = NamespacePath.parent(of: lfn)
        let missing = directory + "/never-registered"
        let (successful, failed) = try await peer.bulk(
            "addReplica",
            [.dict([missing: .dict(["SE": "STORAGE-2", "PFN": ""]), directory: .dict(["SE": "STORAGE-2", "PFN": ""])])])
        #expect(successful.isEmpty)
        #expect(failed[missing] == "No such file or directory")
        #expect(failed[directory] == "No such file or directory")
        let listed = RucioRecordCollector<RucioReplicaRecord>()
        try await peer.root.listReplicas(
            for: [Self.did(missing)], query: RucioReplicaQuery(allStates: true, ignoreAvailability: true), listed.append)
        #expect(listed.records.isEmpty)
    }

    @Test("addReplica's incomplete dictionaries fail with _checkInfo's messages; a non-dict value is EINVAL")
    func addMissingParameters() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "addparams")[0]
        let directory = NamespacePath.parent(of: lfn)
        let (successful, failed) = try await peer.bulk(
            "addReplica",
            [.dict([
                lfn: .dict(["SE": "STORAGE-2"]), directory + "/b": .dict(["PFN": "x"]), directory + "/c": .dict([:]),
            ])])
        #expect(successful.isEmpty)
        #expect(failed[lfn] == "Missing 'PFN' parameter")
        #expect(failed[directory + "/b"] == "Missing 'SE' parameter")
        #expect(failed[directory + "/c"] == "Missing parameters")
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE"])

        let answer = try await peer.call("addReplica", [.list([.string(lfn)])])
        #expect(answer.failure?.errno == 22)
        #expect(answer.failure?.message.contains("must be a dict") == true)
    }

    @Test("addReplica on the non-deterministic SE registers the caller's PFN, and fails alone without a usable one")
    func addNonDeterministic() async throws {
        let peer = try await CatalogPeer.require()
        let lfns = try await Self.files(peer, "addnd", count: 3)
        let pfn = "davs://rucio-storage-nd:1094/rucio/nondet/gw" + lfns[0]
        let (successful, failed) = try await peer.bulk(
            "addReplica",
            [.dict([
                lfns[0]: .dict(["SE": "STORAGE-ND", "PFN": .string(pfn)]),
                lfns[1]: .dict(["SE": "STORAGE-ND", "PFN": ""]),
                lfns[2]: .dict(["SE": "STORAGE-ND", "PFN": .string("davs://wrong-host:1094/rucio/nondet" + lfns[2])]),
            ])])
        #expect(successful[lfns[0]] == true)
        #expect(failed[lfns[1]]?.contains("PFN") == true)
        #expect(failed[lfns[2]]?.contains("RSEFileNameNotSupported") == true)
        let records = RucioRecordCollector<RucioReplicaRecord>()
        try await peer.root.listReplicas(
            for: lfns.map(Self.did), query: RucioReplicaQuery(allStates: true, ignoreAvailability: true), records.append)
        let byName = Dictionary(uniqueKeysWithValues: records.records.map { ($0.did.name, $0) })
        #expect(byName[lfns[0]]?.rses["STORAGE-ND"] == [pfn])
        #expect(byName[lfns[1]]?.states["STORAGE-ND"] == nil)
        #expect(byName[lfns[2]]?.states["STORAGE-ND"] == nil)
        #expect(try await Self.rules(peer, lfns[0]).contains { $0.rseExpression == "STORAGE-ND" })
    }

    // MARK: removeReplica

    @Test("removeReplica hides the replica at once, expires its rules on that SE only, keeps the file; a retry changes nothing")
    func removeReplica() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "remove")[0]
        _ = try await peer.bulk("addReplica", [.dict([lfn: .dict(["SE": "STORAGE-2", "PFN": ""])])])
        #expect(try await Self.visibleSEs(peer, lfn) == ["STORAGE-1", "STORAGE-2"])

        let (successful, failed) = try await peer.bulk("removeReplica", [.dict([lfn: .dict(["SE": "STORAGE-2"])])])
        #expect(failed.isEmpty)
        #expect(successful[lfn] == true)
        #expect(try await Self.visibleSEs(peer, lfn) == ["STORAGE-1"])
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE", "STORAGE-2": "UNAVAILABLE"])
        let rules = try await Self.rules(peer, lfn)
        let removed = rules.filter { $0.rseExpression == "STORAGE-2" }
        #expect(!removed.isEmpty)
        #expect(removed.allSatisfy { Self.hasExpired($0) })
        let kept = rules.filter { $0.rseExpression == "STORAGE-1" }
        #expect(!kept.isEmpty)
        #expect(kept.allSatisfy { $0.expiresAt == nil })
        let datasetRules = try await Self.rules(peer, NamespacePath.parent(of: lfn))
        #expect(datasetRules.allSatisfy { $0.expiresAt == nil })
        #expect(try await peer.bulk("isFile", [.string(lfn)]).successful[lfn] == .string(lfn))

        try await Task.sleep(for: .milliseconds(1100))  // a second re-expiry would move expires_at
        let retry = try await peer.bulk("removeReplica", [.dict([lfn: .dict(["SE": "STORAGE-2", "PFN": "ignored"])])])
        #expect(retry.successful[lfn] == true)
        #expect(try await Self.rules(peer, lfn).filter { $0.rseExpression == "STORAGE-2" }.map(\.expiresAt) == removed.map(\.expiresAt))
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE", "STORAGE-2": "UNAVAILABLE"])
    }

    @Test("removeReplica succeeds for a replica or file that does not exist and leaves the others alone")
    func removeMissing() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "removemissing")[0]
        let missing = NamespacePath.parent(of: lfn) + "/never-registered"
        let (successful, failed) = try await peer.bulk(
            "removeReplica", [.dict([lfn: .dict(["SE": "STORAGE-2"]), missing: .dict(["SE": "STORAGE-1"])])])
        #expect(failed.isEmpty)
        #expect(successful[lfn] == true)
        #expect(successful[missing] == true)
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE"])
        #expect(try await Self.rules(peer, lfn).allSatisfy { $0.expiresAt == nil })

        let incomplete = try await peer.bulk("removeReplica", [.dict([lfn: .dict(["PFN": "x"])])])
        #expect(incomplete.failed[lfn] == "Missing 'SE' parameter")
    }

    @Test("removeReplica then addReplica brings the replica back AVAILABLE, pinned by a live rule")
    func removeThenAddAgain() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "readd")[0]
        _ = try await peer.bulk("addReplica", [.dict([lfn: .dict(["SE": "STORAGE-2", "PFN": ""])])])
        _ = try await peer.bulk("removeReplica", [.dict([lfn: .dict(["SE": "STORAGE-2"])])])
        #expect(try await Self.visibleSEs(peer, lfn) == ["STORAGE-1"])

        let (successful, failed) = try await peer.bulk("addReplica", [.dict([lfn: .dict(["SE": "STORAGE-2", "PFN": ""])])])
        #expect(failed.isEmpty)
        #expect(successful[lfn] == true)
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE", "STORAGE-2": "AVAILABLE"])
        let own = try await Self.rules(peer, lfn).filter { $0.rseExpression == "STORAGE-2" && $0.account == "dirac" }
        #expect(own.count == 1)
        #expect(own.first?.expiresAt == nil)
        #expect(try await Self.visibleSEs(peer, lfn) == ["STORAGE-1", "STORAGE-2"])
    }

    @Test("removeReplica refuses, untouched, a replica pinned by a locked Rucio rule")
    func removeLockedRuleRefused() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "locked")[0]
        let ids = try await peer.root.addRule(RucioRuleSpec(
            dids: [Self.did(lfn)], account: "root", copies: 1, rseExpression: "STORAGE-1", grouping: "NONE", locked: true,
            extra: ["ask_approval": false]))
        defer { Task { for id in ids { try? await peer.root.updateRule(id: id, options: ["locked": false]) } } }
        let (successful, failed) = try await peer.bulk("removeReplica", [.dict([lfn: .dict(["SE": "STORAGE-1"])])])
        #expect(successful[lfn] == nil)
        #expect(failed[lfn]?.contains(ids.first ?? "?") == true)
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE"])
        #expect(try await Self.rules(peer, lfn).allSatisfy { $0.expiresAt == nil })
    }

    // MARK: setReplicaStatus

    @Test("setReplicaStatus stores each valid DFC status as its Rucio state and getReplicaStatus reads it back; 0 when unchanged")
    func setReplicaStatusRoundTrip() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "status")[0]
        let expected = ["Probing": "TEMPORARY_UNAVAILABLE", "Trash": "UNAVAILABLE", "Removing": "BEING_DELETED", "AprioriGood": "AVAILABLE"]
        for status in ["Probing", "Trash", "Removing", "AprioriGood"] {
            let (successful, failed) = try await peer.bulk(
                "setReplicaStatus", [.dict([lfn: .dict(["SE": "STORAGE-1", "Status": .string(status)])])])
            #expect(failed.isEmpty)
            #expect(successful[lfn] == .int(1), "\(status)")
            #expect(try await Self.states(peer, lfn) == ["STORAGE-1": expected[status]!])
            let read = try await peer.bulk("getReplicaStatus", [.dict([lfn: "STORAGE-1"])])
            #expect(read.successful[lfn] == .string(status))
        }
        let again = try await peer.bulk("setReplicaStatus", [.dict([lfn: .dict(["SE": "STORAGE-1", "Status": "AprioriGood"])])])
        #expect(again.successful[lfn] == .int(0))
    }

    @Test("setReplicaStatus fails with the DFC's messages: invalid status, missing file, missing replica, missing key")
    func setReplicaStatusFailures() async throws {
        let peer = try await CatalogPeer.require()
        let lfns = try await Self.files(peer, "statusbad", count: 2)
        let missing = NamespacePath.parent(of: lfns[0]) + "/never-registered"
        let (successful, failed) = try await peer.bulk(
            "setReplicaStatus",
            [.dict([
                lfns[0]: .dict(["SE": "STORAGE-1", "Status": "Bogus"]),
                lfns[1]: .dict(["SE": "STORAGE-2", "Status": "Trash"]),
                missing: .dict(["SE": "STORAGE-1", "Status": "Bogus"]),
                missing + "2": .dict(["SE": "STORAGE-1"]),
            ])])
        #expect(successful.isEmpty)
        #expect(failed[lfns[0]] == "Invalid replica status Bogus")
        #expect(failed[lfns[1]] == "Replica does not exist")
        #expect(failed[missing] == "No such file or directory")
        #expect(failed[missing + "2"] == "Missing 'Status' parameter")
        #expect(try await Self.states(peer, lfns[0]) == ["STORAGE-1": "AVAILABLE"])
        #expect(try await Self.states(peer, lfns[1]) == ["STORAGE-1": "AVAILABLE"])
    }

    @Test("every settable DFC replica status maps to a Rucio state that reads back as the same status")
    func statusMappingIsConsistent() {
        for status in DFCRecords.validReplicaStatuses {
            let state = DFCRecords.rucioReplicaState(forStatus: status)
            #expect(state?.code != nil, "\(status)")
            #expect(state.map(DFCRecords.replicaStatus) == status)
        }
        #expect(DFCRecords.rucioReplicaState(forStatus: "Problematic") == nil)
        #expect(DFCRecords.rucioReplicaState(forStatus: "aprioriGood") == nil)
    }

    // MARK: setReplicaHost

    @Test("setReplicaHost moves the replica to NewSE (added, pinned, old one withdrawn); a retry answers None and changes nothing")
    func setReplicaHost() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "host")[0]
        let missing = NamespacePath.parent(of: lfn) + "/never-registered"
        let (successful, failed) = try await peer.bulk(
            "setReplicaHost",
            [.dict([lfn: .dict(["SE": "STORAGE-1", "NewSE": "STORAGE-2"]), missing: .dict(["SE": "STORAGE-1", "NewSE": "STORAGE-2"])])])
        #expect(successful[lfn] == .int(1))
        #expect(failed[missing] == "No such file or directory")
        #expect(try await Self.visibleSEs(peer, lfn) == ["STORAGE-2"])
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "UNAVAILABLE", "STORAGE-2": "AVAILABLE"])
        let rules = try await Self.rules(peer, lfn)
        #expect(rules.filter { $0.rseExpression == "STORAGE-1" }.allSatisfy { Self.hasExpired($0) })
        #expect(rules.contains { $0.rseExpression == "STORAGE-2" && $0.account == "dirac" && $0.expiresAt == nil })

        let retry = try await peer.bulk("setReplicaHost", [.dict([lfn: .dict(["SE": "STORAGE-1", "NewSE": "STORAGE-2"])])])
        #expect(retry.failed.isEmpty)
        #expect(retry.successful[lfn] == DIRACValue.none)
        #expect(retry.successful.keys.contains(lfn))
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "UNAVAILABLE", "STORAGE-2": "AVAILABLE"])

        let same = try await peer.bulk("setReplicaHost", [.dict([lfn: .dict(["SE": "STORAGE-2", "NewSE": "STORAGE-2"])])])
        #expect(same.successful[lfn] == .int(0))
        let incomplete = try await peer.bulk("setReplicaHost", [.dict([lfn: .dict(["SE": "STORAGE-2"])])])
        #expect(incomplete.failed[lfn] == "Missing 'NewSE' parameter")
    }

    // MARK: Naming and authorisation

    @Test("a bad LFN fails alone with its reason; the other LFNs of the call are written")
    func badLFNFailsAlone() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "badlfn")[0]
        let bad = NamespacePath.parent(of: lfn) + "/bad name"
        let (successful, failed) = try await peer.bulk(
            "addReplica", [.dict([bad: .dict(["SE": "STORAGE-2", "PFN": ""]), lfn: .dict(["SE": "STORAGE-2", "PFN": ""])])])
        #expect(failed[bad]?.hasPrefix("Invalid LFN: ") == true)
        #expect(successful[lfn] == true)
        #expect(try await Self.states(peer, lfn)["STORAGE-2"] == "AVAILABLE")
    }

    @Test("the replica writes are refused (HTTP 401) to a group without write access, and Rucio is untouched")
    func writesRefusedForUserGroup() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = try await Self.files(peer, "refused")[0]
        let context = try Fixture.context(group: "ctao_user")
        let calls: [(String, DIRACValue)] = [
            ("addReplica", .dict([lfn: .dict(["SE": "STORAGE-2", "PFN": ""])])),
            ("removeReplica", .dict([lfn: .dict(["SE": "STORAGE-1"])])),
            ("setReplicaStatus", .dict([lfn: .dict(["SE": "STORAGE-1", "Status": "Trash"])])),
            ("setReplicaHost", .dict([lfn: .dict(["SE": "STORAGE-1", "NewSE": "STORAGE-2"])])),
        ]
        for (method, argument) in calls {
            guard case .unauthorized = await dispatch(method, [argument], in: context, registry: peer.registry) else {
                Issue.record("\(method) was not refused for ctao_user")
                continue
            }
        }
        #expect(try await Self.states(peer, lfn) == ["STORAGE-1": "AVAILABLE"])
    }

    // MARK: Helpers

    static func did(_ lfn: String) -> RucioDID { RucioDID(scope: "tests", name: lfn) }

    /// Fresh files with one replica at STORAGE-1, registered as DIRAC's own Rucio plugin does.
    static func files(_ peer: CatalogPeer, _ label: String, count: Int = 1) async throws -> [String] {
        let directory = CatalogPeer.uniqueDirectory("rw-\(label)") + "/run"
        let lfns = (1...count).map { "\(directory)/file\($0)" }
        let files = lfns.map { lfn in
            RucioDiracFile(
                lfn: lfn, rse: "STORAGE-1", bytes: Int64.random(in: 1...1_000_000),
                adler32: String(format: "%08x", UInt32.random(in: 0...UInt32.max)),
                guid: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())
        }
        try await peer.catalog.client.account("dirac").diracAddFiles(files, ignoreAvailability: false)
        return lfns
    }

    /// Rucio's replica states of a file (RSE → state name), every state on every RSE, as root sees them.
    static func states(_ peer: CatalogPeer, _ lfn: String) async throws -> [String: String] {
        let records = RucioRecordCollector<RucioReplicaRecord>()
        try await peer.root.listReplicas(
            for: [did(lfn)], query: RucioReplicaQuery(allStates: true, ignoreAvailability: true), records.append)
        return Dictionary(uniqueKeysWithValues: (records.records.first?.states ?? [:]).map { ($0.key, $0.value.name) })
    }

    /// The rules on the DID itself, as root sees them.
    static func rules(_ peer: CatalogPeer, _ lfn: String) async throws -> [RucioRule] {
        let collector = RucioRecordCollector<RucioRule>()
        try await peer.root.listRules(for: did(lfn), collector.append)
        return collector.records
    }

    /// The SEs DIRAC sees for the file by default (`getReplicas`, `allStatus=False`).
    static func visibleSEs(_ peer: CatalogPeer, _ lfn: String) async throws -> Set<String> {
        let (successful, failed) = try await peer.bulk("getReplicas", [.list([.string(lfn)])])
        #expect(failed.isEmpty)
        return Set(successful[lfn]?.dictValue?.keys ?? [])
    }

    static func hasExpired(_ rule: RucioRule) -> Bool {
        guard let text = rule.expiresAt, let date = RucioDate.parse(text) else { return false }
        return date <= Date()
    }
}
