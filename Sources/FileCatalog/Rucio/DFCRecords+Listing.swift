import DIRACWire
import OrderedCollections
import RucioREST

/// The DFC's dictionaries of the directory read methods (`listDirectory`, `getDirectoryDump`,
/// `getDirectorySize`), built from Rucio facts with exactly the DFC's keys.
extension DFCRecords {
    /// The file status a listing shows by default: the DFC lists only files in `VisibleFileStatus`
    /// (`FileManager._getDirectoryFiles` with `allStatus=False`), `["AprioriGood"]` unless configured.
    public static let visibleFileStatus = "AprioriGood"

    /// Whether `listDirectory`/`getDirectoryDump` show the file (its DFC status is visible).
    public static func isVisible(_ facts: DIDFacts) -> Bool {
        fileStatus(availability: facts.availability) == visibleFileStatus
    }

    /// `listDirectory`'s `MetaData` of a file: the columns `FileManagerBase.getFilesInDirectory` asks for
    /// (`FileID, Size, GUID, Checksum, ChecksumType, Type, UID, GID, CreationDate, ModificationDate, Mode,
    /// Status`) plus the `Owner`/`OwnerGroup` names `_getDirectoryFiles` adds for `UID`/`GID`: the
    /// `getFileMetadata` dictionary with `Type`, which the DFC's `FC_FileInfo` defaults to `"File"`.
    public static func listingFileMetadata(_ facts: DIDFacts, accounts: AccountMap) -> DIRACValue {
        guard case .dict(var members) = fileMetadata(facts, accounts: accounts) else { return .dict([:]) }
        members["Type"] = "File"
        return .dict(members)
    }

    /// `listDirectory(verbose=True)`'s `Replicas` of a file: `{SE: {"PFN": pfn, "Status": status}}`
    /// (`FileManager._getFileReplicas` with its default fields `["PFN"]` and the replica status).
    public static func listingReplicas(_ replicas: FileReplicas) -> DIRACValue {
        .dict(OrderedDictionary(uniqueKeysWithValues: replicas.statusBySE.map { se, status in
            (se, DIRACValue.dict(["PFN": .string(replicas.pfnBySE[se] ?? ""), "Status": .string(status)]))
        }))
    }

    /// `getDirectoryDump`'s value of a file: `{"Size", "CreationDate"}` (`DirectoryTreeBase._getDirectoryDump`).
    public static func dumpEntry(_ facts: DIDFacts) -> DIRACValue {
        .dict(["Size": .int(facts.bytes ?? 0), "CreationDate": date(facts.createdAt)])
    }

    /// `getDirectorySize`'s logical part (`DirectoryTreeBase._getDirectoryLogicalSize`).
    public static func logicalSize(files: Int64, bytes: Int64, directories: Int64) -> OrderedDictionary<String, DIRACValue> {
        ["LogicalSize": .int(bytes), "LogicalFiles": .int(files), "LogicalDirectories": .int(directories)]
    }

    /// `getDirectorySize(longOut=True)`'s `PhysicalSize`: `{SE: {"Size", "Files"}, ..., "TotalSize", "TotalFiles"}`,
    /// SEs in name order, or `{}` when no file below has a replica, as `_getDirectoryPhysicalSize` answers.
    public static func physicalSize(_ usage: [String: (bytes: Int64, files: Int64)]) -> DIRACValue {
        guard !usage.isEmpty else { return .dict([:]) }
        var members: OrderedDictionary<String, DIRACValue> = [:]
        var totalBytes: Int64 = 0
        var totalFiles: Int64 = 0
        for se in usage.keys.sorted() {
            let (bytes, files) = usage[se]!
            members[se] = .dict(["Size": .int(bytes), "Files": .int(files)])
            totalBytes += bytes
            totalFiles += files
        }
        members["TotalSize"] = .int(totalBytes)
        members["TotalFiles"] = .int(totalFiles)
        return .dict(members)
    }
}
