import DIRACAuth
import DIRACWire
import FileCatalog
import Testing

@Suite("hasAccess and getPathPermissions")
struct PermissionMethodsTests {
    @Test("read operation types are allowed to every authenticated caller", arguments: ["Read", "getFileMetadata", "listDirectory", "getReplicas", "hasAccess"])
    func readOperations(operation: String) async throws {
        let answer = await result("hasAccess", [["/ctao/a": true, "/ctao/b": true], .string(operation)], in: try Fixture.context())
        #expect(answer?.value == ["Successful": ["/ctao/a": true, "/ctao/b": true], "Failed": [:]])
    }

    @Test("write operation types are refused per path (False) for a group without write access", arguments: ["Write", "addFile", "removeFile", "setMetadata", "createDirectory"])
    func writeOperationsRefused(operation: String) async throws {
        let answer = await result("hasAccess", [["/ctao/a": true], .string(operation)], in: try Fixture.context(group: "ctao_user"))
        #expect(answer?.value == ["Successful": ["/ctao/a": false], "Failed": [:]])
    }

    @Test("write operation types are allowed for a write group")
    func writeOperationsAllowed() async throws {
        let answer = await result("hasAccess", [["/ctao/a": true], "addFile"], in: try Fixture.context(group: "ctao_production"))
        #expect(answer?.value == ["Successful": ["/ctao/a": true], "Failed": [:]])
    }

    @Test("the legacy (opType, paths) order is accepted, with a dict or a list of paths")
    func swappedOrder() async throws {
        let context = try Fixture.context(group: "ctao_user")
        #expect(await result("hasAccess", ["removeFile", ["/ctao/a": true]], in: context)?.value
            == ["Successful": ["/ctao/a": false], "Failed": [:]])
        #expect(await result("hasAccess", ["Read", ["/ctao/a", "/ctao/b"]], in: context)?.value
            == ["Successful": ["/ctao/a": true, "/ctao/b": true], "Failed": [:]])
    }

    @Test("two strings: an operation name first and a path second are swapped, as DFC's handler does")
    func swappedStrings() async throws {
        let answer = await result("hasAccess", ["Read", "/ctao/a"], in: try Fixture.context())
        #expect(answer?.value == ["Successful": ["/ctao/a": true], "Failed": [:]])
    }

    @Test("a plain string path in the current order")
    func plainStringPath() async throws {
        let answer = await result("hasAccess", ["/ctao/a", "Read"], in: try Fixture.context())
        #expect(answer?.value == ["Successful": ["/ctao/a": true], "Failed": [:]])
    }

    @Test("the answer is keyed by the caller's spellings of the paths")
    func callerSpellings() async throws {
        let answer = await result("hasAccess", [["lfn:/ctao/a/": true, "/ctao/a": true], "Read"], in: try Fixture.context())
        #expect(answer?.value == ["Successful": ["lfn:/ctao/a/": true, "/ctao/a": true], "Failed": [:]])
    }

    @Test("an unknown operation type is S_ERROR(EINVAL) naming it")
    func unknownOperation() async throws {
        let answer = await result("hasAccess", [["/ctao/a": true], "Destroy"], in: try Fixture.context())
        #expect(answer?.failure?.errno == DErrno.EINVAL)
        #expect(answer?.failure?.message == "Invalid argument ( 22 : hasAccess: unknown operation type Destroy)")
    }

    @Test("wrong argument counts and types are EINVAL")
    func argumentErrors() async throws {
        let context = try Fixture.context()
        #expect(await result("hasAccess", [], in: context)?.failure == .invalidArgument("hasAccess: missing argument 1 (paths)"))
        #expect(await result("hasAccess", [["/ctao/a": true]], in: context)?.failure == .invalidArgument("hasAccess: missing argument 2 (opType)"))
        #expect(await result("hasAccess", [["/ctao/a": true], "Read", 1], in: context)?.failure
            == .invalidArgument("hasAccess takes at most 2 argument(s), 3 given"))
        #expect(await result("hasAccess", [["/ctao/a": true], 7], in: context)?.failure
            == .invalidArgument("hasAccess: argument 2 (opType) must be str, got int"))
        #expect(await result("hasAccess", [[:], "Read"], in: context)?.failure == .invalidArgument("Empty input: {}"))
    }

    @Test("getPathPermissions: Read and Execute for all, Write for write groups")
    func getPathPermissions() async throws {
        let reader = await result("getPathPermissions", [["/ctao/a": true, "/ctao/b/": true]], in: try Fixture.context(group: "ctao_user"))
        #expect(reader?.value == [
            "Successful": [
                "/ctao/a": ["Read": true, "Write": false, "Execute": true],
                "/ctao/b/": ["Read": true, "Write": false, "Execute": true],
            ],
            "Failed": [:],
        ])
        let writer = await result("getPathPermissions", ["/ctao/a"], in: try Fixture.context(group: "ctao_production"))
        #expect(writer?.value == ["Successful": ["/ctao/a": ["Read": true, "Write": true, "Execute": true]], "Failed": [:]])
    }

    @Test("getPathPermissions argument errors")
    func getPathPermissionsErrors() async throws {
        let context = try Fixture.context()
        #expect(await result("getPathPermissions", [], in: context)?.failure == .invalidArgument("getPathPermissions: missing argument 1 (lfns)"))
        #expect(await result("getPathPermissions", ["/ctao/a", true], in: context)?.failure
            == .invalidArgument("getPathPermissions takes at most 1 argument(s), 2 given"))
        #expect(await result("getPathPermissions", [3], in: context)?.failure
            == .invalidArgument("Utils.checkArgumentFormat: Supplied path is not of the correct format."))
    }
}

@Suite("DFC method kinds")
struct DFCMethodKindsTests {
    @Test("the sets are FileCatalogClient's READ_METHODS and WRITE_METHODS of DIRAC 9.1.22, plus Read/Write")
    func diracLists() {
        let read: Set<String> = [
            "hasAccess", "exists", "getPathPermissions", "isFile", "getFileMetadata", "getFileDetails", "getReplicas",
            "getReplicaStatus", "getFileSize", "isDirectory", "getDirectoryReplicas", "listDirectory", "getDirectoryMetadata",
            "getDirectorySize", "getDirectoryContents", "getLFNForPFN", "getLFNForGUID", "findFilesByMetadata",
            "getMetadataFields", "findDirectoriesByMetadata", "getReplicasByMetadata", "findFilesByMetadataDetailed",
            "findFilesByMetadataWeb", "getCompatibleMetadata", "getMetadataSet", "getDatasets", "getFileDescendents",
            "getFileAncestors", "getDirectoryUserMetadata", "getFileUserMetadata", "checkDataset", "getDatasetParameters",
            "getDatasetFiles", "getDatasetAnnotation", "getSEDump", "getDirectoryDump",
        ]
        let write: Set<String> = [
            "createLink", "removeLink", "addFile", "addFileAncestors", "setFileStatus", "addReplica", "removeReplica",
            "removeFile", "setReplicaStatus", "setReplicaHost", "setReplicaProblematic", "createDirectory",
            "setDirectoryStatus", "removeDirectory", "changePathMode", "changePathOwner", "changePathGroup",
            "addMetadataField", "deleteMetadataField", "setMetadata", "setMetadataBulk", "removeMetadata", "addMetadataSet",
            "addDataset", "addDatasetAnnotation", "removeDataset", "updateDataset", "freezeDataset", "releaseDataset",
            "addUser", "deleteUser", "addGroup", "deleteGroup", "repairCatalog", "rebuildDirectoryUsage",
        ]
        #expect(DFCMethodKinds.readMethods == read.union(["Read"]))
        #expect(DFCMethodKinds.writeMethods == write.union(["Write"]))
    }

    @Test("read and write method sets do not overlap")
    func disjoint() {
        #expect(DFCMethodKinds.readMethods.isDisjoint(with: DFCMethodKinds.writeMethods))
    }

    @Test("classification of operation types")
    func kinds() {
        for name in ["Read", "isFile", "exists", "getReplicas", "listDirectory", "getFileMetadata", "findFilesByMetadata", "getSEDump"] {
            #expect(DFCMethodKinds.kind(of: name) == .read, "\(name)")
        }
        for name in ["Write", "addFile", "removeFile", "addReplica", "removeReplica", "setMetadata", "createDirectory", "removeDirectory",
                     "changePathOwner", "addDataset"] {
            #expect(DFCMethodKinds.kind(of: name) == .write, "\(name)")
        }
        #expect(DFCMethodKinds.kind(of: "read") == nil)
        #expect(DFCMethodKinds.kind(of: "Destroy") == nil)
        #expect(DFCMethodKinds.kind(of: "") == nil)
    }
}
