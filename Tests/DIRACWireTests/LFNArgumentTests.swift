import DIRACWire
import OrderedCollections
import Testing

@Suite("LFN arguments, as DIRAC's checkArgumentFormat")
struct LFNArgumentTests {
    @Test("a string becomes {path: True}")
    func stringArgument() throws {
        let argument = try LFNArgument("/ctao/prod/dl0/run001/file1.dat")
        #expect(argument.lfns == ["/ctao/prod/dl0/run001/file1.dat"])
        #expect(argument.count == 1)
        let entry = try #require(argument.entries["/ctao/prod/dl0/run001/file1.dat"])
        #expect(entry.value == true)
        #expect(entry.callerKeys == ["/ctao/prod/dl0/run001/file1.dat"])
    }

    @Test("a list becomes {p: True} for each, in order")
    func listArgument() throws {
        let argument = try LFNArgument(["/ctao/b", "/ctao/a", "/ctao/c"])
        #expect(argument.lfns == ["/ctao/b", "/ctao/a", "/ctao/c"])
        #expect(argument.entries.values.allSatisfy { $0.value == true })
    }

    @Test("a dict keeps its per-LFN values")
    func dictArgument() throws {
        let info: DIRACValue = ["PFN": "root://127.0.0.1//store/ctao/new.dat", "Size": 2048, "SE": "DISK-SE"]
        let argument = try LFNArgument(["/ctao/new.dat": info, "/ctao/guid.dat": "6A0C5CF1-5E2B-4C0A-9E43-0D5A1F3E2B11"])
        #expect(argument.lfns == ["/ctao/new.dat", "/ctao/guid.dat"])
        #expect(argument.entries["/ctao/new.dat"]?.value == info)
        #expect(argument.entries["/ctao/guid.dat"]?.value == "6A0C5CF1-5E2B-4C0A-9E43-0D5A1F3E2B11")
    }

    @Test("normalisation vectors of dirac-surface §1.2", arguments: [
        ("/ctao/a", "/ctao/a"),
        ("/ctao/a/", "/ctao/a"),
        ("lfn:/ctao/a", "/ctao/a"),
        ("LFN:/ctao/a", "/ctao/a"),
        ("Lfn:/ctao/a", "/ctao/a"),
        ("/grid/ctao/a", "/ctao/a"),
        ("lfn:/grid/ctao/a", "/ctao/a"),
        ("/ctao//a", "/ctao/a"),
        ("/ctao/./a", "/ctao/a"),
        ("/ctao/b/../a", "/ctao/a"),
        ("/ctao/a/.", "/ctao/a"),
        ("//ctao/a", "//ctao/a"),
        ("///ctao/a", "/ctao/a"),
        ("/gridftp/a", "/gridftp/a"),
        ("/ctao/grid/a", "/ctao/grid/a"),
        ("/ctao/a/../../..", "/"),
        ("ctao/a", "ctao/a"),
    ])
    func normalisation(input: String, expected: String) throws {
        #expect(LFNArgument.normalise(input) == expected)
        #expect(try LFNArgument(.string(input)).lfns == [expected])
    }

    @Test("the caller's own key is remembered for every normalised LFN")
    func callerKeysKept() throws {
        let argument = try LFNArgument(["lfn:/grid/ctao/prod//a/", "/ctao/b"])
        #expect(argument.lfns == ["/ctao/prod/a", "/ctao/b"])
        #expect(argument.entries["/ctao/prod/a"]?.callerKeys == ["lfn:/grid/ctao/prod//a/"])
    }

    @Test("empty keys are dropped")
    func emptyKeysDropped() throws {
        #expect(try LFNArgument(["", "/ctao/a", ""]).lfns == ["/ctao/a"])
        #expect(try LFNArgument(["": true, "/ctao/b": true]).lfns == ["/ctao/b"])
        #expect(try LFNArgument(["": true]).count == 0)
    }

    @Test("empty input is S_ERROR(EINVAL, \"Empty input: …\")", arguments: [
        (DIRACValue.string(""), "Empty input: "),
        (DIRACValue.list([]), "Empty input: []"),
        (DIRACValue.dict([:]), "Empty input: {}"),
        (DIRACValue.none, "Empty input: None"),
    ])
    func emptyInput(argument: DIRACValue, reason: String) {
        do {
            _ = try LFNArgument(argument)
            Issue.record("accepted empty input \(argument)")
        } catch {
            #expect(error.errno == 22)
            #expect(error.reason == reason)
            #expect(error.message == "Invalid argument ( 22 : \(reason))")
        }
    }

    @Test("a value of the wrong type is S_ERROR(EINVAL, \"Utils.checkArgumentFormat: …\")", arguments: [
        DIRACValue.int(5), .bool(true), .double(1.5), .list(["/ctao/a", 3]), .list([["/ctao/a"]]),
        .bytes([1]), .datetime(DIRACDateTime(secondsSinceEpoch: 0)),
    ])
    func wrongType(argument: DIRACValue) {
        #expect(throws: DIRACError.invalidArgument("Utils.checkArgumentFormat: Supplied path is not of the correct format.")) {
            try LFNArgument(argument)
        }
    }

    @Test("two spellings of one LFN become one entry, and both are answered by BulkResult")
    func twoSpellingsBothAnswered() throws {
        let argument = try LFNArgument(["/ctao/prod/file1.dat": true, "lfn:/ctao/prod//file1.dat": true, "/ctao/prod/file2.dat": true])
        #expect(argument.lfns == ["/ctao/prod/file1.dat", "/ctao/prod/file2.dat"])
        #expect(argument.entries["/ctao/prod/file1.dat"]?.callerKeys == ["/ctao/prod/file1.dat", "lfn:/ctao/prod//file1.dat"])
        var result = BulkResult()
        for entry in argument.entries.values {
            result.succeed(entry, .bool(entry.lfn.hasSuffix("1.dat")))
        }
        #expect(result.successful == [
            "/ctao/prod/file1.dat": true, "lfn:/ctao/prod//file1.dat": true, "/ctao/prod/file2.dat": false,
        ])
        #expect(result.failed.isEmpty)
        var failing = BulkResult()
        for entry in argument.entries.values {
            failing.fail(entry, "No such file or directory")
        }
        #expect(Set(failing.failed.keys) == ["/ctao/prod/file1.dat", "lfn:/ctao/prod//file1.dat", "/ctao/prod/file2.dat"])
    }

    @Test("two spellings of one LFN in a dict: the last value wins, as in a Python dict")
    func twoSpellingsLastValueWins() throws {
        let argument = try LFNArgument(["/ctao/a": "guid-1", "/ctao/a/": "guid-2"])
        #expect(argument.count == 1)
        #expect(argument.entries["/ctao/a"]?.value == "guid-2")
        #expect(argument.entries["/ctao/a"]?.callerKeys == ["/ctao/a", "/ctao/a/"])
    }

    @Test("the same spelling twice in a list is answered once")
    func duplicateSpelling() throws {
        let argument = try LFNArgument(["/ctao/a", "/ctao/a"])
        #expect(argument.entries["/ctao/a"]?.callerKeys == ["/ctao/a"])
    }

    @Test("the captured raw-RPC plain string argument")
    func capturedPlainString() throws {
        let rpc = try RPCRequest(formBody: Array(CapturedBodies.plainString.utf8))
        let argument = try LFNArgument(try #require(rpc.arguments.first))
        #expect(argument.lfns == ["/ctao/prod/dl0/run001/file1.dat"])
    }
}

@Suite("POSIX paths with Python's posixpath semantics")
struct POSIXPathTests {
    // Expected values computed with Python 3's posixpath.normpath.
    @Test("normpath", arguments: [
        ("/ctao/a/", "/ctao/a"), ("//ctao/a", "//ctao/a"), ("///ctao/a", "/ctao/a"), ("////ctao//a", "/ctao/a"),
        ("/ctao/./a", "/ctao/a"), ("/ctao/b/../a", "/ctao/a"), ("/..", "/"), ("/../a", "/a"), ("a/../..", ".."),
        ("../a", "../a"), ("a/./b/", "a/b"), ("", "."), (".", "."), ("/", "/"), ("//", "//"), ("///", "/"),
        ("ctao/a/../../..", ".."), ("/ctao/a/..", "/ctao"), ("/a/b/c/../../d", "/a/d"), ("./a", "a"), ("a//b", "a/b"),
        ("../../a/..", "../.."), ("//a/../..", "//"),
    ])
    func normpath(input: String, expected: String) {
        #expect(POSIXPath.normpath(input) == expected)
    }

    // Expected values computed with Python 3's posixpath.dirname and basename.
    @Test("dirname and basename", arguments: [
        ("/ctao/a/b.dat", "/ctao/a", "b.dat"), ("/ctao/a/", "/ctao/a", ""), ("/", "/", ""), ("//", "//", ""),
        ("a", "", "a"), ("a/b", "a", "b"), ("//a", "//", "a"), ("///a//b", "///a", "b"), ("/a//b", "/a", "b"),
        ("a//", "a", ""), ("/a/b//", "/a/b", ""), ("", "", ""), ("/ctao/b/..", "/ctao/b", ".."),
    ])
    func dirnameBasename(path: String, dirname: String, basename: String) {
        #expect(POSIXPath.dirname(path) == dirname)
        #expect(POSIXPath.basename(path) == basename)
    }
}

@Suite("LFNArgument limits: what one call may cost")
struct LFNArgumentLimitTests {
    @Test("more LFNs than maximumCount is one EINVAL for the call, naming the setting")
    func tooManyLFNs() {
        let limits = LFNArgument.Limits(maximumLFNLength: 4096, maximumCount: 2)
        #expect(throws: DIRACError.invalidArgument(
            "3 LFNs in one call, more than this gateway's limit of 2 (server.maxLFNsPerCall): split the call")
        ) {
            try LFNArgument(.list(["/a", "/b", "/c"]), limits: limits)
        }
        #expect((try? LFNArgument(.list(["/a", "/b"]), limits: limits))?.count == 2)
    }

    @Test("an LFN over maximumLFNLength is kept as sent, flagged, and not normalised")
    func oversizedLFN() throws {
        let long = "/ctao//x/" + String(repeating: "a", count: 300)
        let argument = try LFNArgument(.list([.string(long), "/ctao//y"]), limits: .init(maximumLFNLength: 256))
        let entry = try #require(argument.entries[long])
        #expect(entry.oversized)
        #expect(entry.callerKeys == [long])
        #expect(LFNArgument.oversizeProblem(entry, limit: 256) == "309 bytes, more than this gateway's limit of 256 (server.maxLFNLength)")
        #expect(argument.entries["/ctao/y"]?.oversized == false)
    }
}
