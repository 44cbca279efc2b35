import DIRACWire
import GatewayJSON
import Testing

/// Text of a JEncoded value, for exact comparisons.
func jencodedText(_ value: DIRACValue) -> String {
    String(decoding: JEncode.encode(value), as: UTF8.self)
}

@Suite("JEncode: DIRAC's JSON dialect")
struct JEncodeTests {
    // MARK: DIRAC's exact encodings

    @Test("datetime is written as {\"__dCls\": \"dt\", \"obj\": \"YYYY-mm-dd HH:MM:SS\"}")
    func datetimeEncoding() throws {
        let value = DIRACValue.datetime(DIRACDateTime(year: 2026, month: 11, day: 21, hour: 23, minute: 45, second: 50))
        #expect(jencodedText(value) == #"{"__dCls":"dt","obj":"2026-11-21 23:45:50"}"#)
        #expect(try JEncode.decode(#"{"__dCls": "dt", "obj": "2026-11-21 23:45:50"}"#) == value)
    }

    @Test("date is written as {\"__dCls\": \"date\", \"obj\": \"YYYY-mm-dd\"}")
    func dateEncoding() throws {
        let value = DIRACValue.date(DIRACDate(year: 2024, month: 2, day: 29))
        #expect(jencodedText(value) == #"{"__dCls":"date","obj":"2024-02-29"}"#)
        #expect(try JEncode.decode(#"{"__dCls": "date", "obj": "2024-02-29"}"#) == value)
    }

    @Test("bytes are written as {\"__dCls\": \"b64\", \"obj\": <base64>} with Python's b64encode text")
    func bytesEncoding() throws {
        // base64.b64encode(b"\x00\xff\x10hello") == b"AP8QaGVsbG8="
        let value = DIRACValue.bytes([0x00, 0xFF, 0x10] + Array("hello".utf8))
        #expect(jencodedText(value) == #"{"__dCls":"b64","obj":"AP8QaGVsbG8="}"#)
        #expect(try JEncode.decode(#"{"__dCls": "b64", "obj": "AP8QaGVsbG8="}"#) == value)
        #expect(try JEncode.decode(#"{"__dCls": "b64", "obj": ""}"#) == .bytes([]))
    }

    @Test("tagged values nested in lists and dicts round-trip")
    func nestedRoundTrip() throws {
        let value: DIRACValue = [
            "OK": true,
            "Value": [
                "Successful": [
                    "/ctao/prod/dl0/run001/file1.dat": [
                        "Size": 1024, "Checksum": "0badc0de", "Mode": 509, "Ratio": 0.5,
                        "CreationDate": .datetime(DIRACDateTime(year: 2026, month: 11, day: 21, hour: 23, minute: 45, second: 43)),
                        "Day": .date(DIRACDate(year: 1999, month: 12, day: 31)),
                        "Blob": .bytes([1, 2, 3]),
                        "Ancestors": ["/ctao/a", nil, [false]],
                    ]
                ],
                "Failed": [:],
            ],
        ]
        let decoded = try JEncode.decode(JEncode.encode(value))
        #expect(decoded == value)
        // Keys keep the order they were built in.
        #expect(decoded["Value"]?["Successful"]?["/ctao/prod/dl0/run001/file1.dat"]?.dictValue.map { Array($0.keys) }
            == ["Size", "Checksum", "Mode", "Ratio", "CreationDate", "Day", "Blob", "Ancestors"])
    }

    @Test("a Python tuple arrives as a JSON array and decodes to a list")
    func tuplesAreLists() throws {
        // json.dumps((1, (2, 3))) == "[1, [2, 3]]"
        #expect(try JEncode.decode("[1, [2, 3]]") == [1, [2, 3]])
        #expect(jencodedText([1, [2, 3]]) == "[1,[2,3]]")
    }

    @Test("integer dictionary keys arrive as strings, as json.dumps writes them")
    func intKeysAreStrings() throws {
        // findDirectoriesByMetadata answers {dirID: path}; json.dumps({1: "a"}) == '{"1": "a"}'
        let decoded = try JEncode.decode(#"{"1": "/ctao/a", "22": "/ctao/b"}"#)
        #expect(decoded == ["1": "/ctao/a", "22": "/ctao/b"])
        #expect(decoded["1"] == "/ctao/a")
        #expect(jencodedText(["1": "/ctao/a"]) == #"{"1":"/ctao/a"}"#)
    }

    @Test("plain JSON values map to the matching DIRAC values")
    func plainValues() throws {
        let decoded = try JEncode.decode(#"[null, true, 3, 2.5, "s", [], {}]"#)
        #expect(decoded == [.none, .bool(true), .int(3), .double(2.5), .string("s"), .list([]), .dict([:])])
        #expect(jencodedText(decoded) == #"[null,true,3,2.5,"s",[],{}]"#)
    }

    @Test("a dict that merely has an \"obj\" key is an ordinary dict")
    func objWithoutTag() throws {
        #expect(try JEncode.decode(#"{"obj": "2026-11-21 23:45:50"}"#) == ["obj": "2026-11-21 23:45:50"])
    }

    // MARK: Refusals

    @Test("any other __dCls is refused with a clear error naming the class, never instantiated")
    func refusesOtherClasses() {
        #expect(throws: JEncodeError.refusedClass("SomeClass")) {
            try JEncode.decode(#"{"__dCls": "SomeClass", "__dMod": "os"}"#)
        }
        do {
            _ = try JEncode.decode(#"[{"__dCls": "SomeClass", "__dMod": "os", "attr": 1}]"#)
            Issue.record("a foreign class was accepted")
        } catch {
            #expect(error == .refusedClass("SomeClass"))
            #expect(error.description.contains("'SomeClass'"))
            #expect(error.description.contains("refused"))
            #expect(error.description.contains("dt, date and b64"))
        }
    }

    @Test("a refused class deep inside the arguments refuses the whole document")
    func refusesNestedClass() {
        #expect(throws: JEncodeError.refusedClass("Popen")) {
            try JEncode.decode(#"[{"/ctao/a": {"x": [{"__dCls": "Popen", "__dMod": "subprocess"}]}}]"#)
        }
    }

    @Test("a __dCls that is not a string is refused too")
    func refusesNonStringTag() {
        #expect(throws: JEncodeError.self) { try JEncode.decode(#"{"__dCls": 1, "obj": "x"}"#) }
        #expect(throws: JEncodeError.self) { try JEncode.decode(#"{"__dCls": ["dt"], "obj": "2026-01-01 00:00:00"}"#) }
    }

    @Test("malformed dt values are refused, and so is what DIRAC's strptime refuses (year 0000, fractions, zones)", arguments: [
        #"{"__dCls": "dt", "obj": "2026-11-21"}"#,
        #"{"__dCls": "dt", "obj": "0000-01-01 00:00:00"}"#,
        #"{"__dCls": "dt", "obj": "2026-11-21 23:45:50.5"}"#,
        #"{"__dCls": "dt", "obj": "2026-11-21T23:45:50"}"#,
        #"{"__dCls": "dt", "obj": "2026-11-21 23:45:50Z"}"#,
        #"{"__dCls": "dt", "obj": "2026-13-01 00:00:00"}"#,
        #"{"__dCls": "dt", "obj": "2025-02-29 00:00:00"}"#,
        #"{"__dCls": "dt", "obj": "2026-11-21 24:00:00"}"#,
        #"{"__dCls": "dt", "obj": "2026-11-21 23:60:00"}"#,
        #"{"__dCls": "dt", "obj": "2026/11/21 23:45:50"}"#,
        #"{"__dCls": "dt", "obj": "yesterday"}"#,
        #"{"__dCls": "dt", "obj": 1795304750}"#,
        #"{"__dCls": "dt"}"#,
    ])
    func malformedDatetime(text: String) {
        #expect(throws: JEncodeError.self) { try JEncode.decode(text) }
        do {
            _ = try JEncode.decode(text)
        } catch {
            guard case .malformedTaggedValue(let tag, _) = error else {
                Issue.record("expected malformedTaggedValue, got \(error)")
                return
            }
            #expect(tag == "dt")
            #expect(error.description.hasPrefix("malformed JEncoded 'dt' value"))
        }
    }

    @Test("malformed date and b64 values are refused")
    func malformedDateAndBytes() throws {
        #expect(throws: JEncodeError.self) { try JEncode.decode(#"{"__dCls": "date", "obj": "2026-11-21 00:00:00"}"#) }
        #expect(throws: JEncodeError.self) { try JEncode.decode(#"{"__dCls": "date", "obj": "2026-02-30"}"#) }
        #expect(throws: JEncodeError.self) { try JEncode.decode(#"{"__dCls": "date", "obj": "0000-01-01"}"#) }
        #expect(try JEncode.decode(#"{"__dCls": "dt", "obj": "0001-01-01 00:00:00"}"#) == .datetime(DIRACDateTime(year: 1, month: 1, day: 1)))
        #expect(throws: JEncodeError.self) { try JEncode.decode(#"{"__dCls": "b64", "obj": "not base64!"}"#) }
        #expect(throws: JEncodeError.self) { try JEncode.decode(#"{"__dCls": "b64", "obj": null}"#) }
    }

    @Test("text that is not JSON is an invalidJSON error")
    func invalidJSON() {
        do {
            _ = try JEncode.decode("[{\"/ctao/a\": true]")
            Issue.record("accepted invalid JSON")
        } catch {
            guard case .invalidJSON = error else {
                Issue.record("expected invalidJSON, got \(error)")
                return
            }
            #expect(error.description.hasPrefix("not valid JSON: "))
        }
    }

    // MARK: The captured arguments of a DIRAC 9.1.22 client

    @Test("getReplicas args: a sorted list of LFNs and allStatus")
    func capturedGetReplicas() throws {
        let args = try JEncode.decode(#"[["/ctao/prod/dl0/run001/file1.dat", "/ctao/prod/dl0/run001/file2.dat"], false]"#)
        #expect(args == [["/ctao/prod/dl0/run001/file1.dat", "/ctao/prod/dl0/run001/file2.dat"], false])
        #expect(try JEncode.decode(#"[["/ctao/prod/dl0/run001/file1.dat"], true]"#) == [["/ctao/prod/dl0/run001/file1.dat"], true])
    }

    @Test("addFile args: one dict per LFN with PFN, Size, SE, GUID, Checksum in the caller's order")
    func capturedAddFile() throws {
        let text = #"[{"/ctao/prod/dl0/run001/new.dat": {"PFN": "root://127.0.0.1//store/ctao/prod/dl0/run001/new.dat", "Size": 2048, "SE": "DISK-SE", "GUID": "6A0C5CF1-5E2B-4C0A-9E43-0D5A1F3E2B11", "Checksum": "1a2b3c4d"}}]"#
        let args = try JEncode.decode(text)
        let info = try #require(args.listValue?.first?["/ctao/prod/dl0/run001/new.dat"])
        #expect(info.dictValue.map { Array($0.keys) } == ["PFN", "Size", "SE", "GUID", "Checksum"])
        #expect(info["PFN"] == "root://127.0.0.1//store/ctao/prod/dl0/run001/new.dat")
        #expect(info["Size"] == .int(2048))
        #expect(info["SE"] == "DISK-SE")
        #expect(info["GUID"] == "6A0C5CF1-5E2B-4C0A-9E43-0D5A1F3E2B11")
        #expect(info["Checksum"] == "1a2b3c4d")
    }

    @Test("isFile, listDirectory, setMetadata and findFilesByMetadata args")
    func capturedOtherArgs() throws {
        #expect(try JEncode.decode(#"[{"/ctao/prod/dl0/run001/file1.dat": true, "/ctao/prod/dl0/run001/file2.dat": true}]"#)
            == [["/ctao/prod/dl0/run001/file1.dat": true, "/ctao/prod/dl0/run001/file2.dat": true]])
        #expect(try JEncode.decode(#"[{"/ctao/prod/dl0/run001": true}, true]"#) == [["/ctao/prod/dl0/run001": true], true])
        #expect(try JEncode.decode(#"["/ctao/prod/dl0/run001", {"obs_id": 1234, "data_level": "DL0"}]"#)
            == ["/ctao/prod/dl0/run001", ["obs_id": 1234, "data_level": "DL0"]])
        let query = try JEncode.decode(#"[{"obs_id": {">": 1000}, "data_level": {"in": ["DL0", "DL1"]}}, "/ctao/prod"]"#)
        #expect(query == [["obs_id": [">": 1000], "data_level": ["in": ["DL0", "DL1"]]], "/ctao/prod"])
        #expect(try JEncode.decode("[]") == [])
    }

    @Test("delegated extraCredentials: [DN, group]")
    func capturedDelegatedCredentials() throws {
        let value = try JEncode.decode(#"["/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", "ctao_user"]"#)
        #expect(value == ["/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", "ctao_user"])
        #expect(try JEncode.decode(#""hosts""#) == "hosts")
    }

    @Test("captured answers with datetimes decode (getDirectoryMetadata, ping)")
    func capturedAnswers() throws {
        let answer = try JEncode.decode(#"{"OK": true, "Value": {"Successful": {"/ctao/prod/dl0/run001": {"DirID": 1, "UID": 1, "GID": 1, "Owner": "testuser", "OwnerGroup": "ctao_user", "Mode": 509, "Status": 0, "CreationDate": {"__dCls": "dt", "obj": "2026-11-21 23:45:50"}, "ModificationDate": {"__dCls": "dt", "obj": "2026-11-21 23:45:50"}}}, "Failed": {}}}"#)
        let metadata = try #require(answer["Value"]?["Successful"]?["/ctao/prod/dl0/run001"])
        #expect(metadata["CreationDate"] == .datetime(DIRACDateTime(secondsSinceEpoch: 1_795_304_750)))
        let ping = try JEncode.decode(#"{"OK": true, "Value": {"version": "recorder", "time": {"__dCls": "dt", "obj": "2026-11-21 23:45:51"}, "name": "DataManagement/FileCatalog"}}"#)
        #expect(ping["Value"]?["time"] == .datetime(DIRACDateTime(secondsSinceEpoch: 1_795_304_751)))
    }

    @Test("encoding never emits a __dCls other than dt, date and b64")
    func encoderEmitsOnlyKnownTags() throws {
        let value: DIRACValue = [
            "a": .datetime(DIRACDateTime(secondsSinceEpoch: 0)), "b": .date(DIRACDate(year: 1970, month: 1, day: 1)),
            "c": .bytes([0]),
        ]
        let json = try JSON(parsing: JEncode.encode(value))
        let tags = json.objectValue?.values.compactMap { $0["__dCls"]?.stringValue }
        #expect(tags == ["dt", "date", "b64"])
    }
}

@Suite("DIRACValue helpers")
struct DIRACValueTests {
    @Test("Python type names for DIRAC-style argument errors")
    func pythonTypeNames() {
        let cases: [(DIRACValue, String)] = [
            (nil, "NoneType"), (true, "bool"), (1, "int"), (1.5, "float"), ("s", "str"), ([], "list"), ([:], "dict"),
            (.datetime(DIRACDateTime(secondsSinceEpoch: 0)), "datetime"), (.date(DIRACDate(year: 2000, month: 1, day: 1)), "date"),
            (.bytes([]), "bytes"),
        ]
        for (value, name) in cases {
            #expect(value.pythonTypeName == name)
        }
    }

    @Test("Python truthiness")
    func truthiness() {
        let falsy: [DIRACValue] = [nil, false, 0, 0.0, "", [], [:], .bytes([])]
        let truthy: [DIRACValue] = [true, 1, -1, 0.1, "x", [nil], ["": nil], .bytes([0]), .datetime(DIRACDateTime(secondsSinceEpoch: 0))]
        for value in falsy { #expect(!value.isTruthy, "\(value)") }
        for value in truthy { #expect(value.isTruthy, "\(value)") }
    }

    @Test("str() and repr() as Python prints them in messages")
    func pythonStrings() {
        #expect(DIRACValue.none.pythonString == "None")
        #expect(DIRACValue.bool(false).pythonString == "False")
        #expect(DIRACValue.list([]).pythonString == "[]")
        #expect(DIRACValue.dict([:]).pythonString == "{}")
        #expect(DIRACValue.string("").pythonString == "")
        #expect(DIRACValue.list(["a", 1, true, nil]).pythonRepr == "['a', 1, True, None]")
        #expect(DIRACValue.dict(["k": "v", "n": 2]).pythonRepr == "{'k': 'v', 'n': 2}")
    }

    @Test("accessors and subscripts")
    func accessors() {
        let value: DIRACValue = ["s": "x", "b": true, "i": 7, "l": [1], "d": ["k": 1]]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["i"]?.intValue == 7)
        #expect(value["l"]?.listValue == [1])
        #expect(value["d"]?.dictValue == ["k": 1])
        #expect(value["missing"] == nil)
        #expect(DIRACValue.list([])["s"] == nil)
        #expect(DIRACValue.int(1).stringValue == nil)
    }
}
