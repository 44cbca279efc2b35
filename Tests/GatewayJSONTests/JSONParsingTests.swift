import GatewayJSON
import OrderedCollections
import Testing

@Suite("JSON parsing and serialisation through jansson")
struct JSONParsingTests {
    @Test("scalars parse to the matching case, integers stay distinct from reals")
    func scalars() throws {
        #expect(try JSON(parsing: "null") == .null)
        #expect(try JSON(parsing: "true") == .bool(true))
        #expect(try JSON(parsing: "false") == .bool(false))
        #expect(try JSON(parsing: "42") == .int(42))
        #expect(try JSON(parsing: "-7") == .int(-7))
        #expect(try JSON(parsing: "1.0") == .double(1.0))
        #expect(try JSON(parsing: "2.5e3") == .double(2500))
        #expect(try JSON(parsing: "\"text\"") == .string("text"))
        #expect(try JSON(parsing: "  [ ]  ") == .array([]))
        #expect(try JSON(parsing: "{}") == .object([:]))
    }

    @Test("64-bit integers survive parsing and serialisation")
    func int64Range() throws {
        let text = "[9223372036854775807,-9223372036854775808]"
        let value = try JSON(parsing: text)
        #expect(value == .array([.int(Int64.max), .int(Int64.min)]))
        #expect(value.serializedString() == text)
    }

    @Test("object members keep the order of the document, not a sorted order")
    func objectOrder() throws {
        let value = try JSON(parsing: #"{"zeta": 1, "alpha": 2, "mid": 3}"#)
        #expect(value.objectValue.map { Array($0.keys) } == ["zeta", "alpha", "mid"])
        #expect(value.serializedString() == #"{"zeta":1,"alpha":2,"mid":3}"#)
    }

    @Test("a duplicate key keeps the last value at the first position, as Python's json does")
    func duplicateKeys() throws {
        let value = try JSON(parsing: #"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue.map { Array($0.keys) } == ["a", "b"])
        #expect(value["a"] == .int(3))
    }

    @Test("string escapes: \\u escapes, surrogate pairs, embedded NUL, slashes")
    func stringEscapes() throws {
        #expect(try JSON(parsing: #""caf\u00e9 \ud83d\ude00 \/ctao""#) == .string("café 😀 /ctao"))
        let withNUL = try JSON(parsing: #""a\u0000b""#)
        #expect(withNUL.stringValue?.utf8.count == 3)
        #expect(withNUL.serializedString() == #""a\u0000b""#)
        // Raw UTF-8 goes out as UTF-8, slashes unescaped (LFNs stay readable).
        #expect(JSON.string("/ctao/é\"q\"\n").serializedString() == #""/ctao/é\"q\"\n""#)
    }

    @Test("keys with non-ASCII text, escapes and an empty key round-trip")
    func unusualKeys() throws {
        let value: JSON = .object(["/ctao/ü": 1, "quote\"back\\slash": 2, "": 3, "😀": 4])
        let back = try JSON(parsing: value.serialized())
        #expect(back == value)
    }

    @Test("a NUL byte in an object key is refused by the parser (jansson's limit), not silently truncated")
    func nulInKey() {
        #expect(throws: JSONError.self) { try JSON(parsing: #"{"a\u0000b": 1}"#) }
    }

    @Test("compact serialisation is what goes on the wire")
    func compactSerialisation() {
        let value: JSON = ["OK": true, "Value": ["b": [1, 2.5, nil, "x"], "a": [:]]]
        #expect(value.serializedString() == #"{"OK":true,"Value":{"b":[1,2.5,null,"x"],"a":{}}}"#)
    }

    @Test("sorted and indented serialisation for humans")
    func indentedSorted() {
        let value: JSON = ["b": 1, "a": [true]]
        #expect(value.serializedString(sortKeys: true) == #"{"a":[true],"b":1}"#)
        #expect(value.serializedString(indent: 2, sortKeys: true) == "{\n  \"a\": [\n    true\n  ],\n  \"b\": 1\n}")
    }

    @Test("reals round-trip exactly and an integral real stays a real")
    func realsRoundTrip() throws {
        for number in [0.1, 1.0 / 3.0, 1e300, -2.5e-300, 123456789.125, 1.0, 0.0] {
            let text = JSON.double(number).serializedString()
            #expect(try JSON(parsing: text) == .double(number), "\(number) → \(text)")
        }
        #expect(JSON.double(1.0).serializedString() == "1.0")
    }

    @Test("NaN and infinities, which JSON cannot spell, are written as null")
    func nonFiniteReals() {
        #expect(JSON.array([.double(.nan), .double(.infinity), .double(-.infinity)]).serializedString() == "[null,null,null]")
    }

    @Test("bytes, string and buffer parsing agree")
    func parsingEntryPoints() throws {
        let text = #"[{"k": "v"}, 3]"#
        let fromString = try JSON(parsing: text)
        let fromBytes = try JSON(parsing: Array(text.utf8))
        let fromBuffer = try Array(text.utf8).withUnsafeBytes { try JSON(parsing: $0) }
        #expect(fromString == fromBytes)
        #expect(fromBytes == fromBuffer)
        #expect(fromString == [["k": "v"], 3])
    }

    @Test("invalid JSON throws jansson's message with line and column")
    func invalidJSON() {
        do {
            _ = try JSON(parsing: "{\n  \"a\": tru\n}")
            Issue.record("invalid JSON was accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.column > 0)
            #expect(!error.message.isEmpty)
            #expect(error.description.contains("(line 2, column"))
        }
    }

    @Test("empty input, truncated input and trailing garbage are errors")
    func otherInvalidInputs() {
        #expect(throws: JSONError.self) { try JSON(parsing: "") }
        #expect(throws: JSONError.self) { try JSON(parsing: [UInt8]()) }
        #expect(throws: JSONError.self) { try JSON(parsing: #"{"a": [1, 2"#) }
        #expect(throws: JSONError.self) { try JSON(parsing: "[1] [2]") }
        #expect(throws: JSONError.self) { try JSON(parsing: "{'a': 1}") }
    }

    @Test("a JSONError without position describes itself by its message only")
    func errorDescriptionWithoutPosition() {
        #expect(JSONError(message: "boom").description == "boom")
        #expect(JSONError(message: "boom", line: 3, column: 9, position: 20).description == "boom (line 3, column 9)")
    }
}

@Suite("JSON value accessors and literals")
struct JSONValueTests {
    @Test("typed accessors answer only for their own case")
    func accessors() {
        let value: JSON = ["s": "x", "i": 3, "d": 1.5, "b": false, "a": [1], "o": ["k": nil], "n": nil]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["i"]?.intValue == 3)
        #expect(value["i"]?.doubleValue == 3.0)
        #expect(value["d"]?.doubleValue == 1.5)
        #expect(value["d"]?.intValue == nil)
        #expect(value["b"]?.boolValue == false)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["o"]?.objectValue == ["k": .null])
        #expect(value["n"]?.isNull == true)
        #expect(value["s"]?.isNull == false)
        #expect(value["missing"] == nil)
        #expect(JSON.array([1])["s"] == nil)
        #expect(JSON.string("1").intValue == nil)
    }

    @Test("dictionary literals keep their order and the last of repeated keys")
    func literals() {
        let value: JSON = ["b": 1, "a": 2, "b": 3]
        #expect(value.objectValue.map { Array($0.keys) } == ["b", "a"])
        #expect(value["b"] == .int(3))
    }
}
