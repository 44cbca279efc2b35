import DIRACWire
import GatewayJSON
import OrderedCollections
import RucioREST

/// `addFile`'s checks of each LFN's dictionary: the DFC's `_checkInfo` messages and the values Rucio needs, so a
/// bad entry fails alone instead of failing Rucio's bulk request for all.
extension FileWriteMethods {
    /// One LFN of `addFile`, checked.
    struct FileToRegister: Sendable {
        var entry: LFNArgument.Entry
        var did: RucioDID
        var directory: String
        /// The master replica's RSE, then the others (`SE` given as a list).
        var rses: [String]
        var pfn: String
        var bytes: Int64
        /// 8 lower-case hex digits.
        var adler32: String
        /// As Rucio stores it (32 lower-case hex digits), nil when none was given.
        var guid: String?

        var rse: String { rses[0] }
    }

    /// `_checkInfo(info, ["PFN", "SE", "Size", "Checksum"])` and the values Rucio needs, with reasons.
    static func check(_ entry: LFNArgument.Entry, did: RucioDID, storageElements: StorageElementMap)
        -> Result<FileToRegister, Failure>
    {
        guard case .dict(let info) = entry.value, !info.isEmpty else { return .failure("Missing parameters") }
        for key in ["PFN", "SE", "Size", "Checksum", "GUID"] where info[key] == nil {
            return .failure(Failure("Missing '\(key)' parameter"))
        }
        guard let pfn = info["PFN"]?.stringValue else {
            return .failure(Failure("Invalid PFN \(info["PFN"]!.pythonRepr): a string is needed"))
        }
        let ses: [String]
        switch info["SE"]! {
        case .string(let se) where !se.isEmpty: ses = [se]
        case .list(let items) where !items.isEmpty && items.allSatisfy({ $0.stringValue?.isEmpty == false }):
            ses = items.compactMap(\.stringValue)
        case let other: return .failure(Failure("Invalid SE \(other.pythonRepr): an SE name or a list of them is needed"))
        }
        let bytes: Int64
        switch info["Size"]! {
        case .int(let size) where size >= 0: bytes = size
        case .string(let text) where Int64(text).map({ $0 >= 0 }) == true: bytes = Int64(text)!
        case let other: return .failure(Failure("Invalid file size \(other.pythonRepr)"))
        }
        guard let checksum = info["Checksum"]?.stringValue.flatMap(normalisedAdler32) else {
            return .failure(Failure(
                "Invalid checksum \(info["Checksum"]!.pythonRepr): Rucio keeps Adler32 checksums of 8 hexadecimal digits"))
        }
        switch info["ChecksumType"] {
        case nil, .none?: break
        case .string(let type)? where type.isEmpty || ["ADLER32", "AD", "ADLER"].contains(type.uppercased()): break
        case let other?:
            return .failure(Failure("Checksum type \(other.pythonString) is not supported: Rucio keeps Adler32 checksums"))
        }
        // Fields the DFC keeps that Rucio cannot: refused unless they ask for what the gateway answers anyway.
        switch info["Mode"] {
        case nil, .none?: break
        case .int(let mode)? where mode == 509 || mode == 0o775: break
        case let other?:
            return .failure(Failure("Mode \(other.pythonRepr) cannot be kept: Rucio has no file modes (every file reads as 509)"))
        }
        switch info["Owner"] {
        case nil, .none?: break
        case .dict(let owner)? where owner.isEmpty: break
        case .string(let owner)? where owner.isEmpty: break
        case let other?:
            return .failure(Failure(
                "Owner \(LogText.safe(other.pythonRepr, limit: 128)) cannot be kept: a file is owned by the Rucio account that registers it"))
        }
        switch info["Status"] {
        case nil, .none?, .string("AprioriGood")?: break
        case let other?:
            return .failure(Failure(
                "Status \(LogText.safe(other.pythonRepr, limit: 64)) cannot be kept: Rucio keeps file availability itself (files are AprioriGood)"))
        }
        guard let guidText = info["GUID"]?.stringValue else {
            return .failure(Failure("Invalid GUID \(info["GUID"]!.pythonRepr): a string is needed"))
        }
        let guid = DFCRecords.storedGUID(guidText)
        guard guid.isEmpty || (guid.utf8.count == 32 && guid.allSatisfy(\.isHexDigit)) else {
            return .failure(Failure("Invalid GUID \(guidText): Rucio keeps GUIDs of 32 hexadecimal digits"))
        }
        let directory = NamespacePath.parent(of: entry.lfn)
        guard NamespacePath.chain(of: directory).count >= 2 else {
            return .failure(Failure(
                "Cannot register \(entry.lfn) directly in \(directory): Rucio needs a directory (a dataset) below the top-level one"))
        }
        return .success(FileToRegister(
            entry: entry, did: did, directory: directory, rses: ses.map(storageElements.rse(forSE:)), pfn: pfn,
            bytes: bytes, adler32: checksum, guid: guid.isEmpty ? nil : guid))
    }

    /// A reason for `Failed`.
    struct Failure: Error, ExpressibleByStringLiteral {
        var reason: String
        init(_ reason: String) { self.reason = reason }
        init(stringLiteral value: String) { reason = value }
    }

    /// DIRAC's Adler32 spelling (`intAdlerToHex`: 8 lower-case hex digits); shorter ones are padded, as
    /// `compareAdler` compares the numbers.
    static func normalisedAdler32(_ text: String) -> String? {
        let hex = text.lowercased().trimmingPrefix("0x")
        guard !hex.isEmpty, hex.count <= 8, hex.allSatisfy(\.isHexDigit) else { return nil }
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Whether a file Rucio holds has the given `Size`, `Checksum` and `GUID` (the DFC's comparison).
    static func sameMetadata(_ facts: DIDFacts, _ file: FileToRegister) -> Bool {
        facts.bytes == file.bytes
            && facts.adler32.flatMap(normalisedAdler32) == file.adler32
            && DFCRecords.storedGUID(facts.guid ?? "") == (file.guid ?? "")
    }
}
