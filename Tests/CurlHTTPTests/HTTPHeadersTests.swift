@testable import CurlHTTP
import Testing

@Suite("HTTPHeaders and response-head parsing")
struct HTTPHeadersTests {
    @Test("Lookups ignore ASCII case but values keep theirs; replaceOrAdd and remove act on every match")
    func caseInsensitiveEditing() {
        var headers: HTTPHeaders = ["Content-Type": "Text/Plain", "X-A": "1", "x-a": "2"]
        #expect(headers[first: "CONTENT-TYPE"] == "Text/Plain")
        #expect(headers.values(for: "X-a") == ["1", "2"])
        headers.replaceOrAdd(name: "X-A", value: "3")
        #expect(headers.values(for: "x-a") == ["3"])
        headers.remove(name: "content-type")
        #expect(!headers.contains("Content-Type"))
        #expect(headers.count == 1)
        #expect(HTTPHeaders.namesMatch("a", "A"))
        #expect(!HTTPHeaders.namesMatch("ä", "Ä"))  // only ASCII letters fold, as in HTTP tokens
        #expect(!HTTPHeaders.namesMatch("X-A", "X-AB"))
    }

    @Test("The parser keeps only the final head after 1xx heads and ignores trailers")
    func parserSkipsInterimHeads() {
        var parser = ResponseHeaderParser()
        for line in [
            "HTTP/1.1 100 Continue\r\n", "X-Interim: 1\r\n", "\r\n",
            "HTTP/1.1 201 Created\r\n", "Location: /x\r\n", "X-Folded: a\r\n", " b\r\n", "\r\n",
            "X-Trailer: t\r\n",
        ] {
            Array(line.utf8).withUnsafeBytes { parser.consume(line: $0) }
        }
        #expect(parser.isComplete)
        #expect(parser.status == 201)
        #expect(parser.headers[first: "location"] == "/x")
        #expect(parser.headers[first: "X-Folded"] == "a b")
        #expect(!parser.headers.contains("X-Interim"))
        #expect(!parser.headers.contains("X-Trailer"))
    }

    @Test("The pool key is the lowercased scheme, host and port, without user info or path")
    func originKey() {
        #expect(EasyHandlePool.origin(of: "HTTPS://User:pw@Rucio.Example:443/dids/x?y=1") == "https://rucio.example:443")
        #expect(EasyHandlePool.origin(of: "http://127.0.0.1:8080") == "http://127.0.0.1:8080")
        #expect(EasyHandlePool.origin(of: "http://h?q") == "http://h")
    }

    @Test("Timeouts round up to whole milliseconds so a short timeout never means no timeout")
    func durationToMilliseconds() {
        #expect(Duration.microseconds(1).curlMilliseconds == 1)
        #expect(Duration.milliseconds(300).curlMilliseconds == 300)
        #expect(Duration.seconds(2).curlMilliseconds == 2000)
        #expect(Duration.zero.curlMilliseconds == 0)
    }
}
