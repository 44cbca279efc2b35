import DIRACWire
@testable import FileCatalog
import GatewayJSON
import OrderedCollections
import Testing

/// The query language as DIRAC writes it (`dirac-surface.md` §4.1), parsed against a schema and evaluated on
/// stored values: what decides every answer (Rucio's search only narrows the candidates).
@Suite("MetaQuery: parsing and evaluation")
struct MetaQueryTests {
    static let schema = MetadataSchema(
        directoryFields: [
            "thetaP": MetadataFieldType(declared: "FLOAT")!, "particle": MetadataFieldType(declared: "VARCHAR(128)")!,
            "data_level": MetadataFieldType(declared: "INT")!, "when": MetadataFieldType(declared: "DATETIME")!,
        ],
        fileFields: ["nsb": MetadataFieldType(declared: "int")!, "split": MetadataFieldType(declared: "VARCHAR(128)")!])

    static func parse(_ query: OrderedDictionary<String, DIRACValue>) throws(DIRACError) -> MetaQuery {
        try MetaQuery(parsing: query, schema: schema)
    }

    static func term(_ key: String, _ value: DIRACValue) throws -> MetaTerm {
        try parse([key: value]).terms[0]
    }

    @Test("each key gets its level from the schema: directory, file, standard or undeclared (file level)")
    func levels() throws {
        let query = try Self.parse(["thetaP": 20.0, "nsb": 1, "Size": 5, "find-by-meta": 1])
        #expect(query.terms.map(\.level) == [
            .directory(MetadataFieldType(declared: "FLOAT")!), .file(MetadataFieldType(declared: "int")!),
            .standard(.size), .undeclared,
        ])
        #expect(query.directoryTerms.map(\.key) == ["thetaP"])
        #expect(query.fileTerms.map(\.key) == ["nsb", "Size", "find-by-meta"])
    }

    @Test("operands are typed by the field: the TransformationDB's \"20.0\" is the float 20 and matches 20")
    func numbersAsStrings() throws {
        let theta = try Self.term("thetaP", "20.0")
        #expect(theta.conditions == [.equal(.double(20))])
        #expect(theta.matches(.double(20)))
        #expect(theta.matches(.int(20)))
        #expect(!theta.matches(.double(20.5)))
        #expect(try Self.term("data_level", ["1", 2]).conditions == [.oneOf([.int(1), .int(2)])])
        #expect(try Self.term("particle", 5).conditions == [.equal(.string("5"))])
    }

    @Test("the operators = != > < >= <= in nin, several on one key ANDed")
    func operators() throws {
        let range = try Self.term("thetaP", .dict([">": 10, "<=": "40"]))
        #expect(range.matches(.double(20)) && range.matches(.double(40)))
        #expect(!range.matches(.double(10)) && !range.matches(.double(41)))
        let notIn = try Self.term("nsb", .dict(["nin": [1, 19]]))
        #expect(notIn.matches(.int(5)) && !notIn.matches(.int(19)))
        let differs = try Self.term("split", .dict(["!=": "test"]))
        #expect(differs.matches(.string("train_en")) && !differs.matches(.string("test")))
        #expect(!differs.matches(nil), "!= needs the key, as the DFC's join does")
        let equal = try Self.term("nsb", .dict(["=": 5, "in": [5, 6]]))
        #expect(equal.matches(.int(5)) && !equal.matches(.int(6)))
    }

    @Test("Any and Missing, in any case, as applyQuery lowers them")
    func anyAndMissing() throws {
        #expect(try Self.term("nsb", "Any").conditions == [.any])
        #expect(try Self.term("nsb", "missing").conditions == [.missing])
        #expect(try Self.term("nsb", "Any").matches(.int(0)))
        #expect(!(try Self.term("nsb", "Any").matches(nil)))
        #expect(try Self.term("nsb", "Missing").matches(nil))
        #expect(try Self.term("nsb", "Missing").matches(.null))
    }

    @Test("* and ? are wildcards on file-level strings only; directory strings are exact")
    func wildcards() throws {
        let like = try Self.term("split", "train_*")
        #expect(like.conditions == [.like("train_*")])
        #expect(like.matches(.string("train_en")) && !like.matches(.string("test")))
        #expect(try Self.term("split", "t?st").matches(.string("test")))
        #expect(!(try Self.term("split", "t?st").matches(.string("toast"))))
        #expect(try Self.term("particle", "gam*").conditions == [.equal(.string("gam*"))])
        #expect(Wildcard.matches("a*b", pattern: "a*b") && Wildcard.matches("", pattern: "*") && !Wildcard.matches("ab", pattern: "a"))
    }

    @Test("dates compare as instants, DATETIME fields read stored strings as dates")
    func dates() throws {
        let after = try Self.term("when", .dict([">": "2026-01-01 00:00:00"]))
        #expect(after.matches(.string("2026-06-01 12:00:00")))
        #expect(!after.matches(.string("2025-12-31 23:59:59")))
        #expect(throws: DIRACError.self) { try Self.term("when", "not a date") }
    }

    @Test("a list value in Rucio matches when one of its items does (CTAO writes lists)")
    func listValues() throws {
        let term = try Self.term("levels", "DL1")
        #expect(term.matches(.array([.string("DL0"), .string("DL1")])))
        #expect(!term.matches(.array([.string("DL0")])))
    }

    @Test("bad queries are a precise S_ERROR: unknown operator, list to a comparison, wrong type, empty list, Path, a key with '.'")
    func badQueries() {
        func message(_ query: OrderedDictionary<String, DIRACValue>) -> String? {
            do { _ = try Self.parse(query); return nil } catch { return error.message }
        }
        #expect(message(["thetaP": .dict(["~": 1])])?.contains("unknown operator \"~\" for thetaP") == true)
        #expect(message(["thetaP": .dict([">": [1, 2]])]) == "Illegal query: list of values for comparison operation")
        #expect(message(["nsb": "many"]) == "Illegal type for metadata nsb: 'many' in filter")
        #expect(message(["nsb": []])?.contains("empty list") == true)
        #expect(message(["nsb": .dict([:])])?.contains("no operator") == true)
        #expect(message(["Path": "/ctao"]) == "Illegal standard meta key Path")
        #expect(message(["a.b": 1])?.contains("'.' is not allowed") == true)
    }
}

@Suite("metadata fields, keys and values")
struct MetadataFieldTests {
    @Test("field types keep the declared string and know their kind, as the DFC normalises them")
    func fieldTypes() {
        #expect(MetadataFieldType(declared: "int")?.kind == .integer)
        #expect(MetadataFieldType(declared: "INT")?.declared == "INT")
        #expect(MetadataFieldType(declared: "float")?.kind == .float)
        #expect(MetadataFieldType(declared: "string")?.kind == .string(maxLength: 128))
        #expect(MetadataFieldType(declared: "VARCHAR(64)")?.kind == .string(maxLength: 64))
        #expect(MetadataFieldType(declared: "date")?.kind == .datetime)
        #expect(MetadataFieldType(declared: "MetaSet")?.kind == .metaSet)
        #expect(MetadataFieldType(declared: "DECIMAL(10, 2)")?.kind == .float)
        #expect(MetadataFieldType(declared: "INT; DROP TABLE x") == nil)
        #expect(MetadataFieldType(declared: "1INT") == nil)
    }

    @Test("keys Rucio cannot keep in its JSON document are refused with the reason")
    func keyRules() {
        #expect(MetadataKeyRules.problem(withKey: "find-by-meta") == nil)
        #expect(MetadataKeyRules.problem(withKey: "curation__release") == nil)
        #expect(MetadataKeyRules.problem(withKey: "a.b")?.contains("'.'") == true)
        #expect(MetadataKeyRules.problem(withKey: "version")?.contains("reserved by Rucio") == true)
        #expect(MetadataKeyRules.problem(withKey: "guid")?.contains("reserved by Rucio") == true)
        #expect(MetadataKeyRules.problem(withKey: "Size")?.contains("standard") == true)
        #expect(MetadataKeyRules.problem(withKey: "a\nb") != nil)
        #expect(MetadataKeyRules.isIdentifier("thetaP") && !MetadataKeyRules.isIdentifier("find-by-meta"))
    }

    @Test("values are stored typed by their field: an INT stays an integer, a FLOAT a float, a DATETIME a date string")
    func storedValues() throws {
        let int = MetadataFieldType(declared: "INT")!
        let float = MetadataFieldType(declared: "FLOAT")!
        let text = MetadataFieldType(declared: "VARCHAR(4)")!
        let date = MetadataFieldType(declared: "DATETIME")!
        #expect(try MetadataValueCoding.stored("5", key: "k", type: int).get() == .int(5))
        #expect(try MetadataValueCoding.stored(180, key: "k", type: float).get() == .double(180))
        #expect(try MetadataValueCoding.stored(20.0, key: "k", type: text).get() == .string("20.0"))
        #expect(try MetadataValueCoding.stored("2026-12-04 10:00:00", key: "k", type: date).get() == .string("2026-12-04 10:00:00"))
        #expect((try? MetadataValueCoding.stored("lots", key: "k", type: int).get()) == nil)
        #expect((try? MetadataValueCoding.stored("toolong", key: "k", type: text).get()) == nil)
        #expect(try MetadataValueCoding.stored([1, "a"], key: "k", type: nil).get() == .array([.int(1), .string("a")]))
        #expect(MetadataValueCoding.answer(.string("2026-12-04 10:00:00"), type: date)
            == .datetime(DIRACDateTime(year: 2026, month: 12, day: 4, hour: 10)))
    }

    @Test("the schema is stored one key per field and read back; foreign keys on the schema DID are ignored")
    func schemaStorage() {
        let stored: OrderedDictionary<String, JSON> = [
            "thetaP": MetadataSchema.storedEntry(level: .directory, type: MetadataFieldType(declared: "FLOAT")!),
            "nsb": MetadataSchema.storedEntry(level: .file, type: MetadataFieldType(declared: "int")!),
            "noise": .string("x"),
        ]
        let schema = MetadataSchema(stored: stored)
        #expect(schema.directoryFields.keys.elements == ["thetaP"])
        #expect(schema.fileFields["nsb"]?.declared == "int")
        #expect(schema.field("noise") == nil)
    }
}
