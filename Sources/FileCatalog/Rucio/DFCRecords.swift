import DIRACWire
import OrderedCollections
import RucioREST

/// The DFC's dictionaries built from Rucio facts (`dirac-surface.md` §1.4), with exactly the DFC's keys:
/// jobs take any other key of `getFileMetadata` for an SE name (`InputDataByProtocol`).
///
/// What Rucio does not have is filled the way a DFC with default settings fills it: `UID`/`GID` 0, `Mode`
/// 509 (0o775), `Owner` = the Rucio account that registered the DID, `OwnerGroup` = the DIRAC group mapped to
/// that account. `FileID`/`DirID` are stable numbers derived from the DID (Rucio has no integer ids).
public enum DFCRecords {
    public static let defaultMode: Int64 = 509
    public static let adler32ChecksumType = "Adler32"

    /// `getFileMetadata`'s dictionary of one file.
    public static func fileMetadata(_ facts: DIDFacts, accounts: AccountMap) -> DIRACValue {
        let (checksum, checksumType) = checksum(of: facts)
        let owner = facts.account ?? ""
        return .dict([
            "Size": .int(facts.bytes ?? 0),
            "Checksum": .string(checksum),
            "ChecksumType": .string(checksumType),
            "UID": 0,
            "Owner": .string(owner),
            "GID": 0,
            "OwnerGroup": .string(owner.isEmpty ? "" : accounts.ownerGroup(ofAccount: owner)),
            "GUID": .string(guid(facts.guid)),
            "CreationDate": date(facts.createdAt),
            "ModificationDate": date(facts.updatedAt ?? facts.createdAt),
            "Mode": .int(defaultMode),
            "Status": .string(fileStatus(availability: facts.availability)),
            "FileID": .int(numericID(of: facts.did)),
        ])
    }

    /// `getFileDetails`' (and `findFilesByMetadataDetailed`'s) dictionary for one file: the DFC's
    /// `FileCatalogDB.getFileDetails`, `{Size, UID, GID, Status, GUID, CreationDate, Metadata}`.
    public static func fileDetails(_ facts: DIDFacts, metadata: DIRACValue) -> DIRACValue {
        .dict([
            "Size": .int(facts.bytes ?? 0),
            "UID": 0,
            "GID": 0,
            "Status": .string(fileStatus(availability: facts.availability)),
            "GUID": .string(guid(facts.guid)),
            "CreationDate": date(facts.createdAt),
            "Metadata": metadata,
        ])
    }

    /// `getDirectoryMetadata`'s dictionary (also the verbose `SubDirs` value of `listDirectory`).
    public static func directoryMetadata(_ facts: DIDFacts, accounts: AccountMap) -> DIRACValue {
        let owner = facts.account ?? ""
        return .dict([
            "DirID": .int(numericID(of: facts.did)),
            "UID": 0,
            "Owner": .string(owner),
            "GID": 0,
            "OwnerGroup": .string(owner.isEmpty ? "" : accounts.ownerGroup(ofAccount: owner)),
            "Status": 0,
            "Mode": .int(defaultMode),
            "CreationDate": date(facts.createdAt),
            "ModificationDate": date(facts.updatedAt ?? facts.createdAt),
        ])
    }

    /// Rucio keeps Adler32 (8 hex digits, as DIRAC computes it) and MD5; the DFC one checksum and its type.
    public static func checksum(of facts: DIDFacts) -> (String, String) {
        if let adler32 = facts.adler32 { return (adler32, adler32ChecksumType) }
        if let md5 = facts.md5 { return (md5, "MD5") }
        return ("", adler32ChecksumType)
    }

    /// Rucio stores GUIDs as 32 lower-case hex digits; DIRAC makes them upper-case and dashed (`makeGuid`), the
    /// form this returns. (The DFC returns them as registered; Rucio does not keep the spelling.)
    public static func guid(_ stored: String?) -> String {
        guard let stored, stored.utf8.count == 32 else { return stored ?? "" }
        let hex = Array(stored.uppercased())
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }

    /// A GUID as Rucio's column holds it (dashes and braces dropped, lower case), for comparisons.
    public static func storedGUID(_ guid: String) -> String {
        String(guid.lowercased().filter { $0 != "-" && $0 != "{" && $0 != "}" })
    }

    /// The DFC file status of a Rucio file: `AprioriGood` while available (DFC's visible status).
    public static func fileStatus(availability: String?) -> String {
        switch availability?.uppercased() {
        case "LOST": "Lost"
        case "DELETED": "Deleted"
        default: "AprioriGood"
        }
    }

    /// DFC replica status ↔ Rucio replica state. `AprioriGood` is the DFC's only visible status, as
    /// `AVAILABLE` is Rucio's only readable state.
    public static func replicaStatus(_ state: RucioReplicaState) -> String {
        switch state.name {
        case "AVAILABLE": "AprioriGood"
        case "UNAVAILABLE": "Trash"
        case "TEMPORARY_UNAVAILABLE": "Probing"
        case "BEING_DELETED": "Removing"
        case "BAD": "Problematic"
        case "COPYING": "Copying"
        default: state.name
        }
    }

    public static func date(_ seconds: Int64?) -> DIRACValue {
        seconds.map { .datetime(DIRACDateTime(secondsSinceEpoch: $0)) } ?? .none
    }

    /// A stable positive 53-bit number for a DID (FNV-1a of `scope:name`), in place of the DFC's row ids.
    public static func numericID(of did: RucioDID) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in did.description.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(hash & 0x1F_FFFF_FFFF_FFFF)
    }
}
