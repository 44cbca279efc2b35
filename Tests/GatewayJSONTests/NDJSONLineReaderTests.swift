import GatewayJSON
import Testing

@Suite("NDJSON line reader")
struct NDJSONLineReaderTests {
    /// Feeds `chunks` one after the other, then finishes; returns every document in order.
    func read(_ chunks: [[UInt8]], finish: Bool = true) throws -> (documents: [JSON], count: Int) {
        var reader = NDJSONLineReader()
        var documents: [JSON] = []
        for chunk in chunks {
            try reader.feed(chunk) { documents.append($0) }
        }
        if finish {
            try reader.finish { documents.append($0) }
        }
        return (documents, reader.documentCount)
    }

    let stream = Array(#"""
        {"scope": "ctao", "name": "/ctao/a", "type": "FILE"}
        {"scope": "ctao", "name": "/ctao/b", "type": "DATASET"}
        [1, 2, 3]

        """#.utf8)

    @Test("one chunk holding whole lines gives one document per line")
    func wholeLines() throws {
        let (documents, count) = try read([stream])
        #expect(documents.count == 3)
        #expect(count == 3)
        #expect(documents[0]["name"] == "/ctao/a")
        #expect(documents[1]["type"] == "DATASET")
        #expect(documents[2] == [1, 2, 3])
    }

    @Test("documents split across chunk boundaries at every possible offset")
    func everySplit() throws {
        let expected = try read([stream]).documents
        for cut in 1..<stream.count {
            let documents = try read([Array(stream[..<cut]), Array(stream[cut...])]).documents
            #expect(documents == expected, "cut at \(cut)")
        }
    }

    @Test("a stream fed one byte at a time")
    func byteByByte() throws {
        let documents = try read(stream.map { [$0] }).documents
        #expect(documents == (try read([stream]).documents))
    }

    @Test("a line spread over three chunks, the middle one without any newline")
    func lineOverThreeChunks() throws {
        let (documents, _) = try read([Array(#"{"name": "/ct"#.utf8), Array("ao/lo".utf8), Array("ng\"}\n{\"x\": 1}\n".utf8)])
        #expect(documents == [["name": "/ctao/long"], ["x": 1]])
    }

    @Test("blank and whitespace-only lines are skipped, CRLF line ends are accepted")
    func blankLines() throws {
        let text = "\n\n{\"a\": 1}\r\n  \t \r\n\r\n{\"b\": 2}\n\n"
        let (documents, count) = try read([Array(text.utf8)])
        #expect(documents == [["a": 1], ["b": 2]])
        #expect(count == 2)
    }

    @Test("the last line without a trailing newline is a document only once the stream is finished")
    func lastLineWithoutNewline() throws {
        var reader = NDJSONLineReader()
        var documents: [JSON] = []
        try reader.feed(Array("{\"a\": 1}\n{\"b\":".utf8)) { documents.append($0) }
        try reader.feed(Array(" 2}".utf8)) { documents.append($0) }
        #expect(documents == [["a": 1]])
        try reader.finish { documents.append($0) }
        #expect(documents == [["a": 1], ["b": 2]])
        #expect(reader.documentCount == 2)
        // Finishing again gives nothing more.
        try reader.finish { documents.append($0) }
        #expect(documents.count == 2)
    }

    @Test("finishing an empty stream or one that ended with a newline gives no extra document")
    func finishWithoutPending() throws {
        #expect(try read([]).documents.isEmpty)
        #expect(try read([Array("{\"a\": 1}\n".utf8)]).documents == [["a": 1]])
    }

    @Test("an invalid line is reported as a JSON error, the valid lines before it are delivered")
    func invalidLine() {
        var reader = NDJSONLineReader()
        var documents: [JSON] = []
        #expect(throws: JSONError.self) {
            try reader.feed(Array("{\"a\": 1}\n{\"a\": oops}\n{\"c\": 3}\n".utf8)) { documents.append($0) }
        }
        #expect(documents == [["a": 1]])
    }

    @Test("an invalid unterminated last line fails at finish")
    func invalidLastLine() throws {
        var reader = NDJSONLineReader()
        var documents: [JSON] = []
        try reader.feed(Array("{\"a\": 1}\n{\"a\"".utf8)) { documents.append($0) }
        #expect(throws: JSONError.self) {
            try reader.finish { documents.append($0) }
        }
        #expect(documents == [["a": 1]])
    }

    @Test("two documents on one line are not one valid line")
    func twoDocumentsOnALine() {
        #expect(throws: JSONError.self) { try read([Array("{\"a\": 1} {\"b\": 2}\n".utf8)]) }
    }

    @Test("errors thrown by the consumer stop the feed and propagate")
    func consumerError() {
        struct Stop: Error {}
        var reader = NDJSONLineReader()
        var seen = 0
        #expect(throws: Stop.self) {
            try reader.feed(Array("1\n2\n3\n".utf8)) { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }
}
