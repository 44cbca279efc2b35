import DIRACWire
import FileCatalog
import Foundation
import GatewayJSON
import RucioREST
import Testing

/// Directory writes against the real Rucio peer, each checked against Rucio's own state as root.
@Suite("Directory write methods on the real Rucio peer")
struct DirectoryWriteMethodsTests {
    @Test("createDirectory creates every missing level as a CONTAINER attached to its parent (mkdir -p)")
    func createDirectoryMakesContainers() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("mkdir")
        let deep = "\(base)/a/b/c"
        let answer = try await peer.bulk("createDirectory", [.list([.string(deep)])])
        #expect(answer.failed.isEmpty)
        #expect(answer.successful == [deep: true])
        var parent = "/ctao/tests"
        for level in [base, "\(base)/a", "\(base)/a/b", deep] {
            #expect(try await peer.stored(level)?.type == .container, "\(level)")
            #expect(try await peer.parentNames(of: level) == [parent], "\(level)")
            parent = level
        }
        let isDirectory = try await peer.bulk("isDirectory", [.list([.string(base), .string(deep)])])
        #expect(isDirectory.successful == [base: true, deep: true])
    }

    @Test("createDirectory is idempotent: an existing container or dataset is True and nothing changes")
    func createDirectoryIsIdempotent() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("idem")
        let run = "\(base)/run"
        _ = try await peer.bulk("createDirectory", [.string(base)])
        _ = try await peer.bulk("addFile", [.dict(["\(run)/f.dat": FileWriteMethodsTests.info()])])
        #expect(try await peer.stored(run)?.type == .dataset)

        let again = try await peer.bulk("createDirectory", [.list([.string(base), .string(run), "/ctao"])])
        #expect(again.failed.isEmpty)
        #expect(again.successful == [base: true, run: true, "/ctao": true])
        #expect(try await peer.stored(base)?.type == .container)
        #expect(try await peer.stored(run)?.type == .dataset)
        #expect(try await peer.childNames(of: base) == [run])
        #expect(try await peer.parentNames(of: base) == ["/ctao/tests"])
    }

    @Test("createDirectory below a dataset fails for that path with a clear reason, creates nothing, and the other paths succeed")
    func createDirectoryBelowADataset() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("belowds")
        let run = "\(base)/run"
        _ = try await peer.bulk("addFile", [.dict(["\(run)/f.dat": FileWriteMethodsTests.info()])])
        let below = "\(run)/sub/deeper"
        let sibling = "\(base)/other"
        let answer = try await peer.bulk("createDirectory", [.list([.string(below), .string(sibling)])])
        #expect(answer.failed[below]?.contains("\(run) is a Rucio dataset") == true)
        #expect(answer.successful == [sibling: true])
        #expect(try await peer.stored("\(run)/sub") == nil)
        #expect(try await peer.stored(sibling)?.type == .container)
    }

    @Test("createDirectory refuses a top-level directory Rucio does not have and an invalid path")
    func createDirectoryRefusals() async throws {
        let peer = try await CatalogPeer.require()
        let unknownVO = "/novo\(UInt32.random(in: 0..<1_000_000))/a"
        let invalid = "/ctao/tests/bad name"
        let answer = try await peer.bulk("createDirectory", [.list([.string(unknownVO), .string(invalid)])])
        #expect(answer.failed[unknownVO]?.contains("top-level directories are created by Rucio's administrators") == true)
        #expect(answer.failed[invalid]?.hasPrefix("Invalid LFN: ") == true)
        #expect(answer.successful.isEmpty)
    }

    @Test("createDirectory completes an interrupted one: a level created but never attached is attached")
    func createDirectoryCompletesHalfDone() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("halfmkdir")
        try await peer.root.addCollection(RucioNewCollection(did: peer.did(base), type: .container))
        #expect(try await peer.parentNames(of: base).isEmpty)
        let answer = try await peer.bulk("createDirectory", [.string("\(base)/sub")])
        #expect(answer.successful == ["\(base)/sub": true])
        #expect(try await peer.parentNames(of: base) == ["/ctao/tests"])
        #expect(try await peer.parentNames(of: "\(base)/sub") == [base])
    }

    @Test("removeDirectory of an empty directory: the DFC's dict, detached and expired in Rucio, isDirectory False; createDirectory brings it back")
    func removeEmptyDirectory() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("rmdir")
        let empty = "\(base)/empty"
        _ = try await peer.bulk("createDirectory", [.string(empty)])
        let answer = try await peer.bulk("removeDirectory", [.string(empty)])
        #expect(answer.failed.isEmpty)
        let value = try #require(answer.successful[empty]?.dictValue)
        #expect(value["OK"] == true)
        #expect(value["DirID"]?.intValue != nil)

        #expect(try await peer.parentNames(of: empty).isEmpty)
        #expect(try await peer.childNames(of: base).isEmpty)
        let expiredAt = try #require(try await peer.storedMeta(empty)?["expired_at"]?.stringValue.flatMap(RucioDate.parse))
        #expect(expiredAt <= Date())
        let isDirectory = try await peer.bulk("isDirectory", [.string(empty)])
        #expect(isDirectory.successful[empty] == false)
        let exists = try await peer.bulk("exists", [.string(empty)])
        #expect(exists.successful[empty] == false)

        let again = try await peer.bulk("removeDirectory", [.string(empty)])
        #expect(again.successful[empty] == "Directory does not exist")

        let recreated = try await peer.bulk("createDirectory", [.string(empty)])
        #expect(recreated.successful[empty] == true)
        #expect(try await peer.parentNames(of: empty) == [base])
        #expect(try await peer.storedMeta(empty)?["expired_at"] == .null)
        let back = try await peer.bulk("isDirectory", [.string(empty)])
        #expect(back.successful[empty] == true)
    }

    @Test("removeDirectory of a non-empty directory fails with 'Failed to remove non-empty directory' and changes nothing")
    func removeNonEmptyDirectory() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("rmfull")
        let withSubdirectory = "\(base)/parent"
        let withHiddenFiles = "\(base)/direct"
        let dataset = "\(base)/parent/run"
        _ = try await peer.bulk("createDirectory", [.list([.string(withSubdirectory), .string(withHiddenFiles)])])
        _ = try await peer.bulk("addFile", [.dict([
            "\(dataset)/f.dat": FileWriteMethodsTests.info(), "\(withHiddenFiles)/g.dat": FileWriteMethodsTests.info(),
        ])])
        let paths = [withSubdirectory, withHiddenFiles, dataset]
        let answer = try await peer.bulk("removeDirectory", [.list(paths.map(DIRACValue.string))])
        #expect(answer.successful.isEmpty)
        for path in paths {
            #expect(answer.failed[path] == "Failed to remove non-empty directory", "\(path)")
            #expect(try await peer.storedMeta(path)?["expired_at"] == .null, "\(path)")
        }
        #expect(try await peer.parentNames(of: dataset) == [withSubdirectory])
        #expect(try await peer.parentNames(of: withHiddenFiles) == [base])
    }

    @Test("removeDirectory of a missing directory or a file's path answers the DFC's Successful 'Directory does not exist'")
    func removeMissingDirectory() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("rmnone")
        let file = "\(base)/run/f.dat"
        _ = try await peer.bulk("addFile", [.dict([file: FileWriteMethodsTests.info()])])
        let missing = "\(base)/never"
        let answer = try await peer.bulk("removeDirectory", [.list([.string(missing), .string(file)])])
        #expect(answer.failed.isEmpty)
        #expect(answer.successful == [missing: "Directory does not exist", file: "Directory does not exist"])
        #expect(try await peer.storedMeta(file)?["expired_at"] == .null)
    }

    @Test("once its files are removed a directory is empty: removeDirectory succeeds for it and for its dataset, with the hidden dataset expired too")
    func removeDirectoryAfterRemovingFiles() async throws {
        let peer = try await CatalogPeer.require()
        let base = CatalogPeer.uniqueDirectory("rmafter")
        let run = "\(base)/run"
        let files = ["\(base)/g.dat", "\(run)/f.dat"]
        _ = try await peer.bulk("createDirectory", [.string(base)])
        _ = try await peer.bulk("addFile", [.dict([files[0]: FileWriteMethodsTests.info(), files[1]: FileWriteMethodsTests.info()])])
        let early = try await peer.bulk("removeDirectory", [.string(base)])
        #expect(early.failed[base] == "Failed to remove non-empty directory")

        let removedFiles = try await peer.bulk("removeFile", [.list(files.map(DIRACValue.string))])
        #expect(removedFiles.failed.isEmpty)
        let runRemoved = try await peer.bulk("removeDirectory", [.string(run)])
        #expect(runRemoved.successful[run]?.dictValue?["OK"] == true)
        let baseRemoved = try await peer.bulk("removeDirectory", [.string(base)])
        #expect(baseRemoved.successful[base]?.dictValue?["OK"] == true)
        #expect(try await peer.childNames(of: base).isEmpty)
        #expect(try await peer.storedMeta("\(base)/.dfc-files")?["expired_at"]?.stringValue != nil)
        #expect(try await peer.parentNames(of: base).isEmpty)

        // Files can come back into the removed directories: the levels are brought back with them.
        let readded = try await peer.bulk("addFile", [.dict([files[1]: FileWriteMethodsTests.info(guid: UUID().uuidString)])])
        #expect(readded.failed[files[1]]?.contains("was removed") == true)
        let fresh = "\(run)/new.dat"
        let added = try await peer.bulk("addFile", [.dict([fresh: FileWriteMethodsTests.info()])])
        #expect(added.successful[fresh] == true)
        #expect(try await peer.parentNames(of: run) == [base])
        #expect(try await peer.parentNames(of: base) == ["/ctao/tests"])
        #expect(try await peer.storedMeta(run)?["expired_at"] == .null)
        #expect(try await peer.storedMeta(base)?["expired_at"] == .null)
        let exists = try await peer.bulk("exists", [.list([.string(fresh), .string(run), .string(base)])])
        #expect(exists.successful == [fresh: .string(fresh), run: .string(run), base: .string(base)])
    }
}
