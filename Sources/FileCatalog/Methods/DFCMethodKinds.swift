/// Which DIRAC FileCatalog methods read and which write, from `FileCatalogClient.READ_METHODS` and
/// `WRITE_METHODS` (DIRAC 9.1.22). `hasAccess(paths, opType)` receives a method name as `opType` and DIRAC's
/// security manager maps it to Read or Write the same way; `"Read"`/`"Write"` themselves are accepted too.
public enum DFCMethodKinds {
    public static let readMethods: Set<String> = [
        "hasAccess", "exists", "getPathPermissions", "isFile", "getFileMetadata", "getFileDetails", "getReplicas",
        "getReplicaStatus", "getFileSize", "isDirectory", "getDirectoryReplicas", "listDirectory",
        "getDirectoryMetadata", "getDirectorySize", "getDirectoryContents", "getLFNForPFN", "getLFNForGUID",
        "findFilesByMetadata", "getMetadataFields", "findDirectoriesByMetadata", "getReplicasByMetadata",
        "findFilesByMetadataDetailed", "findFilesByMetadataWeb", "getCompatibleMetadata", "getMetadataSet",
        "getDatasets", "getFileDescendents", "getFileAncestors", "getDirectoryUserMetadata", "getFileUserMetadata",
        "checkDataset", "getDatasetParameters", "getDatasetFiles", "getDatasetAnnotation", "getSEDump",
        "getDirectoryDump", "Read",
    ]

    public static let writeMethods: Set<String> = [
        "createLink", "removeLink", "addFile", "addFileAncestors", "setFileStatus", "addReplica", "removeReplica",
        "removeFile", "setReplicaStatus", "setReplicaHost", "setReplicaProblematic", "createDirectory",
        "setDirectoryStatus", "removeDirectory", "changePathMode", "changePathOwner", "changePathGroup",
        "addMetadataField", "deleteMetadataField", "setMetadata", "setMetadataBulk", "removeMetadata",
        "addMetadataSet", "addDataset", "addDatasetAnnotation", "removeDataset", "updateDataset", "freezeDataset",
        "releaseDataset", "addUser", "deleteUser", "addGroup", "deleteGroup", "repairCatalog",
        "rebuildDirectoryUsage", "Write",
    ]

    public enum Kind: Sendable { case read, write }

    public static func kind(of operation: String) -> Kind? {
        if readMethods.contains(operation) { return .read }
        if writeMethods.contains(operation) { return .write }
        return nil
    }
}
