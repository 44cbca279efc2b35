import DIRACAuth
import DIRACWire
import FileCatalog
import Foundation
import GatewayJSON
import RucioREST
import Testing

/// File writes against the real Rucio peer, each checked against Rucio's own state as root.
@Suite("File write methods on the real Rucio peer")
struct FileWriteMethodsTests {
    @Test("CTADIRAC's production flow: levels made one by one, then addFile creates the run directory as a DATASET under the CONTAINERs")
    func productionFlow() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("prod")
        let levels = [base, "\(base)/gamma", "\(base)/gamma/1234", "\(base)/gamma/1234/Data"]
        for level in levels {
            let created = try await peer.bulk("createDirectory", [.string(level)])
            #expect(created.successful[level] == true, "\(level): \(created.failed)")
        }
        let lfn = "\(levels[3])/000xxx/gamma_run000001.simtel.zst"
        let guid = UUID().uuidString
        let added = try await peer.bulk("addFile", [.dict([lfn: Self.info(size: 4096, checksum: "1234abcd", guid: guid)])])
        #expect(added.failed.isEmpty)
        #expect(added.successful[lfn] == true)

        for level in levels {
            #expect(try await peer.stored(level)?.type == .container, "\(level)")
        }
        let run = "\(levels[3])/000xxx"
        #expect(try await peer.stored(run)?.type == .dataset)
        #expect(try await peer.parentNames(of: run) == [levels[3]])
        #expect(try await peer.parentNames(of: lfn) == [run])
        let file = try #require(try await peer.storedMeta(lfn))
        #expect(file["bytes"]?.intValue == 4096)
        #expect(file["adler32"]?.stringValue == "1234abcd")
        #expect(file["guid"]?.stringValue == DFCRecords.storedGUID(guid))
        #expect(try await peer.replicaStates(of: lfn) == ["STORAGE-1": "AVAILABLE"])
        #expect(try await peer.rules(of: lfn).map(\.rseExpression) == ["STORAGE-1"])

        // Read-after-write, as DataManager.putAndRegister and the TS rely on.
        let exists = try await peer.bulk("exists", [.string(lfn)])
        #expect(exists.successful[lfn] == .string(lfn))
        let metadata = try await peer.bulk("getFileMetadata", [.string(lfn)])
        #expect(metadata.successful[lfn]?.dictValue?["GUID"] == .string(guid.uppercased()))
    }

    @Test("addFile straight into a createDirectory'd directory puts the file into its hidden .dfc-files dataset, with replica and rule")
    func hiddenDataset() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("hidden")
        _ = try await peer.bulk("createDirectory", [.string(directory)])
        let lfns = ["\(directory)/a.dat", "\(directory)/b.dat"]
        let added = try await peer.bulk("addFile", [.dict([lfns[0]: Self.info(), lfns[1]: Self.info(se: "STORAGE-2")])])
        #expect(added.failed.isEmpty)
        #expect(added.successful[lfns[0]] == true && added.successful[lfns[1]] == true)

        let hidden = "\(directory)/.dfc-files"
        #expect(try await peer.stored(directory)?.type == .container)
        #expect(try await peer.stored(hidden)?.type == .dataset)
        #expect(try await peer.parentNames(of: hidden) == [directory])
        #expect(try await peer.parentNames(of: lfns[0]) == [hidden])
        #expect(try await peer.parentNames(of: lfns[1]) == [hidden])
        #expect(try await peer.replicaStates(of: lfns[0]) == ["STORAGE-1": "AVAILABLE"])
        #expect(try await peer.replicaStates(of: lfns[1]) == ["STORAGE-2": "AVAILABLE"])
        #expect(try await peer.rules(of: lfns[0]).map(\.rseExpression) == ["STORAGE-1"])
        #expect(try await peer.rules(of: lfns[1]).map(\.rseExpression) == ["STORAGE-2"])
        let isFile = try await peer.bulk("isFile", [.list(lfns.map(DIRACValue.string))])
        #expect(isFile.successful[lfns[0]] == .string(lfns[0]) && isFile.successful[lfns[1]] == .string(lfns[1]))
    }

    @Test("an identical re-registration succeeds and adds nothing in Rucio (dataset and hidden-dataset paths)")
    func identicalReRegistration() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("again")
        _ = try await peer.bulk("createDirectory", [.string(directory)])
        let viaDirac = "\(directory)/run/f.dat"
        let viaHidden = "\(directory)/g.dat"
        let files: DIRACValue = .dict([viaDirac: Self.info(guid: UUID().uuidString), viaHidden: Self.info(guid: UUID().uuidString)])
        let first = try await peer.bulk("addFile", [files])
        #expect(first.failed.isEmpty)
        let second = try await peer.bulk("addFile", [files])
        #expect(second.failed.isEmpty)
        #expect(second.successful[viaDirac] == true && second.successful[viaHidden] == true)
        #expect(try await peer.rules(of: viaDirac).count == 1)
        #expect(try await peer.rules(of: viaHidden).count == 1)
        #expect(try await peer.parentNames(of: viaHidden) == ["\(directory)/.dfc-files"])
    }

    @Test("a conflicting re-registration fails with the DFC's reason and leaves Rucio unchanged")
    func conflictingReRegistration() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("conflict")
        let lfn = "\(directory)/run/f.dat"
        let guid = UUID().uuidString
        _ = try await peer.bulk("addFile", [.dict([lfn: Self.info(size: 100, checksum: "0000aaaa", guid: guid)])])

        let otherSize = try await peer.bulk("addFile", [.dict([lfn: Self.info(size: 101, checksum: "0000aaaa", guid: guid)])])
        #expect(otherSize.failed[lfn] == "File already registered with alternative metadata")
        let otherChecksum = try await peer.bulk("addFile", [.dict([lfn: Self.info(size: 100, checksum: "0000aaab", guid: guid)])])
        #expect(otherChecksum.failed[lfn] == "File already registered with alternative metadata")
        let otherGUID = try await peer.bulk("addFile", [.dict([lfn: Self.info(size: 100, checksum: "0000aaaa", guid: UUID().uuidString)])])
        #expect(otherGUID.failed[lfn] == "File already registered with alternative metadata")
        let otherSE = try await peer.bulk(
            "addFile", [.dict([lfn: Self.info(se: "STORAGE-2", size: 100, checksum: "0000aaaa", guid: guid)])])
        #expect(otherSE.failed[lfn] == "File already registered with alternative replicas")

        let file = try #require(try await peer.storedMeta(lfn))
        #expect(file["bytes"]?.intValue == 100)
        #expect(file["adler32"]?.stringValue == "0000aaaa")
        #expect(file["guid"]?.stringValue == DFCRecords.storedGUID(guid))
        #expect(try await peer.replicaStates(of: lfn) == ["STORAGE-1": "AVAILABLE"])
        // The same GUID in another spelling (lower case, no dashes) is the same GUID for Rucio.
        let respelled = try await peer.bulk(
            "addFile", [.dict([lfn: Self.info(size: 100, checksum: "0000AAAA", guid: DFCRecords.storedGUID(guid))])])
        #expect(respelled.successful[lfn] == true)
    }

    @Test("missing parameters fail per LFN with the DFC's reasons; the valid LFNs are registered")
    func missingParameters() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("params")
        var withoutPFN = Self.info().dictValue!
        withoutPFN["PFN"] = nil
        var withoutChecksum = Self.info().dictValue!
        withoutChecksum["Checksum"] = nil
        var withoutGUID = Self.info().dictValue!
        withoutGUID["GUID"] = nil
        var badType = Self.info().dictValue!
        badType["ChecksumType"] = "MD5"
        let good = "\(directory)/run/good.dat"
        let answer = try await peer.bulk("addFile", [.dict([
            "\(directory)/run/empty.dat": .dict([:]),
            "\(directory)/run/nopfn.dat": .dict(withoutPFN),
            "\(directory)/run/nochecksum.dat": .dict(withoutChecksum),
            "\(directory)/run/noguid.dat": .dict(withoutGUID),
            "\(directory)/run/md5.dat": .dict(badType),
            "\(directory)/run/size.dat": Self.info(sizeValue: "big"),
            good: Self.info(),
        ])])
        #expect(answer.failed["\(directory)/run/empty.dat"] == "Missing parameters")
        #expect(answer.failed["\(directory)/run/nopfn.dat"] == "Missing 'PFN' parameter")
        #expect(answer.failed["\(directory)/run/nochecksum.dat"] == "Missing 'Checksum' parameter")
        #expect(answer.failed["\(directory)/run/noguid.dat"] == "Missing 'GUID' parameter")
        #expect(answer.failed["\(directory)/run/md5.dat"]?.contains("Checksum type MD5 is not supported") == true)
        #expect(answer.failed["\(directory)/run/size.dat"]?.hasPrefix("Invalid file size") == true)
        #expect(answer.successful == [good: true])
        #expect(try await peer.stored("\(directory)/run/nopfn.dat") == nil)
        #expect(try await peer.stored(good)?.type == .file)
    }

    @Test("a bad LFN fails with 'Invalid LFN: …', an unknown SE alone, and the rest is registered")
    func badLFNsAndSEs() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("badlfn")
        let bad = "\(directory)/run/bad name.dat"
        let unknownSE = "\(directory)/run/nose.dat"
        let good = "\(directory)/run/good.dat"
        let answer = try await peer.bulk("addFile", [.dict([
            bad: Self.info(), unknownSE: Self.info(se: "NO-SUCH-SE"), good: Self.info(),
        ])])
        #expect(answer.failed[bad]?.hasPrefix("Invalid LFN: ") == true)
        #expect(answer.failed[unknownSE] == "Unknown storage element NO-SUCH-SE: Rucio has no RSE NO-SUCH-SE")
        #expect(answer.successful == [good: true])
        #expect(try await peer.stored(unknownSE) == nil)
    }

    @Test("a file directly under /ctao is refused with a clear reason and nothing is created")
    func fileUnderTheVO() async throws {
        let peer = try await CatalogPeer.require()
        let lfn = "/ctao/gw-top-\(UInt32.random(in: 0..<1_000_000)).dat"
        let answer = try await peer.bulk("addFile", [.dict([lfn: Self.info()])])
        #expect(answer.failed[lfn]?.contains("directly in /ctao") == true)
        #expect(try await peer.stored(lfn, scope: "root") == nil)
    }

    @Test("removeFile: True for an existing and a missing LFN; the file is detached, its replicas UNAVAILABLE, expired, and exists/isFile say False")
    func removeFile() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("remove")
        let lfn = "\(directory)/run/f.dat"
        let missing = "\(directory)/run/never-registered.dat"
        _ = try await peer.bulk("addFile", [.dict([lfn: Self.info(se: .list(["STORAGE-1", "STORAGE-2"]))])])
        #expect(try await peer.replicaStates(of: lfn) == ["STORAGE-1": "AVAILABLE", "STORAGE-2": "AVAILABLE"])

        let removed = try await peer.bulk("removeFile", [.list([.string(lfn), .string(missing)])])
        #expect(removed.failed.isEmpty)
        #expect(removed.successful == [lfn: true, missing: true])

        #expect(try await peer.parentNames(of: lfn).isEmpty)
        #expect(try await peer.replicaStates(of: lfn) == ["STORAGE-1": "UNAVAILABLE", "STORAGE-2": "UNAVAILABLE"])
        let expiredAt = try #require(try await peer.storedMeta(lfn)?["expired_at"]?.stringValue.flatMap(RucioDate.parse))
        #expect(expiredAt <= Date())
        let exists = try await peer.bulk("exists", [.string(lfn)])
        #expect(exists.successful[lfn] == false)
        let isFile = try await peer.bulk("isFile", [.string(lfn)])
        #expect(isFile.successful[lfn] == false)
        let replicas = try await peer.bulk("getReplicas", [.list([.string(lfn)]), false])
        #expect(replicas.successful[lfn] == nil)

        let again = try await peer.bulk("removeFile", [.string(lfn)])
        #expect(again.successful == [lfn: true])
    }

    @Test("removeFile completes an interrupted removal (file detached, nothing else done) and leaves a directory path alone")
    func halfDoneRemovalCompleted() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("halfrm")
        let run = "\(directory)/run"
        let lfn = "\(run)/f.dat"
        _ = try await peer.bulk("addFile", [.dict([lfn: Self.info()])])
        // The first step, by hand as root: detached, still AVAILABLE and not expired, so still a file for DIRAC.
        try await peer.root.detach([peer.did(lfn)], from: peer.did(run))
        let stillThere = try await peer.bulk("isFile", [.string(lfn)])
        #expect(stillThere.successful[lfn] == .string(lfn))

        let answer = try await peer.bulk("removeFile", [.list([.string(lfn), .string(run)])])
        #expect(answer.failed.isEmpty)
        #expect(answer.successful == [lfn: true, run: true])
        #expect(try await peer.replicaStates(of: lfn) == ["STORAGE-1": "UNAVAILABLE"])
        #expect(try await peer.storedMeta(lfn)?["expired_at"]?.stringValue != nil)
        // removeFile of a directory's path is the DFC's True for "no such file": the directory is untouched.
        #expect(try await peer.storedMeta(run)?["expired_at"] == .null)
        #expect(try await peer.parentNames(of: run) == [directory])
    }

    @Test("a removed file is registered again by addFile: attached, replica AVAILABLE, lifetime cleared (dataset and hidden-dataset paths)")
    func reAddRemovedFile() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("readd")
        _ = try await peer.bulk("createDirectory", [.string(directory)])
        let inDataset = "\(directory)/run/f.dat"
        let inHidden = "\(directory)/g.dat"
        let files: DIRACValue = .dict([inDataset: Self.info(guid: UUID().uuidString), inHidden: Self.info(guid: UUID().uuidString)])
        _ = try await peer.bulk("addFile", [files])
        let removed = try await peer.bulk("removeFile", [.list([.string(inDataset), .string(inHidden)])])
        #expect(removed.failed.isEmpty)

        let added = try await peer.bulk("addFile", [files])
        #expect(added.failed.isEmpty)
        #expect(added.successful == [inDataset: true, inHidden: true])
        for (lfn, parent) in [(inDataset, "\(directory)/run"), (inHidden, "\(directory)/.dfc-files")] {
            #expect(try await peer.parentNames(of: lfn) == [parent])
            #expect(try await peer.replicaStates(of: lfn) == ["STORAGE-1": "AVAILABLE"])
            #expect(try await peer.storedMeta(lfn)?["expired_at"] == .null)
        }
        let exists = try await peer.bulk("exists", [.list([.string(inDataset), .string(inHidden)])])
        #expect(exists.successful == [inDataset: .string(inDataset), inHidden: .string(inHidden)])

        // While Rucio keeps the removed file, other metadata cannot be registered under its name.
        _ = try await peer.bulk("removeFile", [.string(inDataset)])
        let other = try await peer.bulk("addFile", [.dict([inDataset: Self.info(size: 7)])])
        #expect(other.failed[inDataset]?.contains("was removed and Rucio keeps it") == true)
        #expect(try await peer.storedMeta(inDataset)?["bytes"]?.intValue == 1234)
    }

    @Test("a half-done hidden-dataset registration (dataset made, replica added, nothing attached) is completed by addFile")
    func halfDoneRegistrationCompleted() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("half")
        _ = try await peer.bulk("createDirectory", [.string(directory)])
        let lfn = "\(directory)/f.dat"
        let guid = UUID().uuidString
        // The first steps, by hand as root: the hidden dataset (not attached) and the replica (no rule, no parent).
        try await peer.root.addCollection(RucioNewCollection(did: peer.did("\(directory)/.dfc-files"), type: .dataset))
        try await peer.root.addReplicas(
            rse: "STORAGE-1", files: [RucioNewReplica(did: peer.did(lfn), bytes: 1234, adler32: "0a0b0c0d", guid: guid)])
        #expect(try await peer.parentNames(of: lfn).isEmpty)
        #expect(try await peer.rules(of: lfn).isEmpty)

        let answer = try await peer.bulk("addFile", [.dict([lfn: Self.info(guid: guid)])])
        #expect(answer.failed.isEmpty)
        #expect(answer.successful[lfn] == true)
        #expect(try await peer.parentNames(of: "\(directory)/.dfc-files") == [directory])
        #expect(try await peer.parentNames(of: lfn) == ["\(directory)/.dfc-files"])
        #expect(try await peer.rules(of: lfn).map(\.rseExpression) == ["STORAGE-1"])
    }

    @Test("a non-deterministic RSE gets the caller's PFN; a deterministic one Rucio's own")
    func pfnOnNonDeterministicRSE() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("nd")
        let lfn = "\(directory)/run/f.dat"
        let pfn = "davs://rucio-storage-nd:1094/rucio/nondet/somewhere/else/f.dat"
        let answer = try await peer.bulk("addFile", [.dict([lfn: Self.info(se: "STORAGE-ND", pfn: pfn)])])
        #expect(answer.failed.isEmpty)
        let records = RucioRecordCollector<RucioReplicaRecord>()
        try await peer.root.listReplicas(for: [peer.did(lfn)], query: RucioReplicaQuery(allStates: true, ignoreAvailability: true)) {
            records.append($0)
        }
        #expect(records.records.first?.rses["STORAGE-ND"]?.first?.hasSuffix("/somewhere/else/f.dat") == true)
    }

    @Test("setFileStatus: the file's own status is True, another valid one fails with Rucio's reason, an invalid one 'Invalid file status X', a missing file 'No such file or directory'")
    func setFileStatus() async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("status")
        let lfn = "\(directory)/run/f.dat"
        let missing = "\(directory)/run/none.dat"
        _ = try await peer.bulk("addFile", [.dict([lfn: Self.info()])])
        let same = try await peer.bulk("setFileStatus", [.dict([lfn: "AprioriGood", missing: "AprioriGood"])])
        #expect(same.successful == [lfn: true])
        #expect(same.failed == [missing: "No such file or directory"])
        let trash = try await peer.bulk("setFileStatus", [.dict([lfn: "Trash"])])
        #expect(trash.failed[lfn]?.contains("Rucio keeps the availability of files itself") == true)
        let invalid = try await peer.bulk("setFileStatus", [.dict([lfn: "Bogus"])])
        #expect(invalid.failed[lfn] == "Invalid file status Bogus")
        #expect(try await peer.storedMeta(lfn)?["availability"]?.stringValue == "AVAILABLE")

        let notADict = try await peer.call("setFileStatus", [.list([.string(lfn)])])
        #expect(notADict.failure?.errno == DErrno.EINVAL)
    }

    @Test("writes are refused with 401 for a group that may not write (ctao_user)", arguments: [
        "addFile", "removeFile", "setFileStatus", "createDirectory", "removeDirectory",
    ])
    func writesRefusedForUsers(method: String) async throws {
        let peer = try await CatalogPeer.require()
        let directory = CatalogPeer.uniqueDirectory("denied")
        let argument: DIRACValue = .dict(["\(directory)/run/f.dat": method == "addFile" ? Self.info() : "AprioriGood"])
        let outcome = await dispatch(method, [argument], in: try Fixture.context(group: "ctao_user"), registry: peer.registry)
        guard case .unauthorized(let error) = outcome else {
            Issue.record("\(method) was not refused: \(outcome)")
            return
        }
        #expect(error.reason.contains(method))
        #expect(try await peer.stored(directory) == nil)
    }

    /// `addFile`'s per-LFN dictionary as `DataManager.putAndRegister` sends it.
    static func info(
        se: DIRACValue = "STORAGE-1", size: Int64 = 1234, sizeValue: DIRACValue? = nil, checksum: String = "0a0b0c0d",
        guid: String = UUID().uuidString, pfn: String = "davs://rucio-storage-1:1094/rucio/any"
    ) -> DIRACValue {
        .dict([
            "PFN": .string(pfn), "SE": se, "Size": sizeValue ?? .int(size), "Checksum": .string(checksum),
            "GUID": .string(guid),
        ])
    }
}

/// Rucio's own state, read as root.
extension CatalogPeer {
    /// The DID of a path, the hidden `.dfc-files` datasets included.
    func did(_ path: String) throws -> RucioDID {
        let hidden = "/" + LFNNaming.hiddenFilesDataset
        if path.hasSuffix(hidden) {
            return catalog.naming.hiddenFilesDID(of: try did(String(path.dropLast(hidden.count))))
        }
        return try catalog.naming.did(for: path).get()
    }

    /// The DID of a path as Rucio has it (expired or not), nil when Rucio does not have it.
    func stored(_ path: String, scope: String? = nil) async throws -> RucioDIDInfo? {
        let did = try scope.map { RucioDID(scope: $0, name: path) } ?? did(path)
        do throws(RucioError) {
            return try await root.did(did)
        } catch {
            if error.isDataIdentifierNotFound { return nil }
            throw error
        }
    }

    /// The `dids` columns of a path (expired or not).
    func storedMeta(_ path: String) async throws -> [String: JSON]? {
        let collector = RucioRecordCollector<RucioMetadataRecord>()
        try await root.bulkMetadata(for: [try did(path)]) { collector.append($0) }
        return collector.records.first.map { Dictionary(uniqueKeysWithValues: $0.values.map { ($0.key, $0.value) }) }
    }

    func parentNames(of path: String) async throws -> [String] {
        let collector = RucioRecordCollector<String>()
        try await root.listParents(of: try did(path)) { collector.append($0.did.name) }
        return collector.records.sorted()
    }

    func childNames(of path: String) async throws -> [String] {
        let collector = RucioRecordCollector<String>()
        try await root.listContent(of: try did(path)) { collector.append($0.did.name) }
        return collector.records.sorted()
    }

    func replicaStates(of path: String) async throws -> [String: String] {
        let collector = RucioRecordCollector<RucioReplicaRecord>()
        try await root.listReplicas(
            for: [try did(path)], query: RucioReplicaQuery(allStates: true, ignoreAvailability: true)
        ) { collector.append($0) }
        var states: [String: String] = [:]
        for record in collector.records {
            for (rse, state) in record.states { states[rse] = state.name }
        }
        return states
    }

    func rules(of path: String) async throws -> [RucioRule] {
        let collector = RucioRecordCollector<RucioRule>()
        try await root.listRules(for: try did(path)) { collector.append($0) }
        return collector.records
    }
}
