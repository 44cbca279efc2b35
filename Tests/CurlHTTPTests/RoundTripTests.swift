import CurlHTTP
import Testing

@Suite("Request and response round trips")
struct RoundTripTests {
    @Test("GET sends the given headers and the configured User-Agent and returns status, headers and body")
    func getRoundTrip() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let response = try await client.perform(HTTPRequest(url: server.url("/echo"), headers: ["X-Test-One": "1"]))
            #expect(response.status == 200)
            #expect(response.headers[first: "X-Method"] == "GET")
            #expect(response.headers[first: "X-Echo"] == "X-Test-One=1")
            #expect(response.headers[first: "X-Seen-User-Agent"] == "CurlHTTPTests")
            #expect(response.headers[first: "X-Seen-Expect"] == "none")
            #expect(response.body.isEmpty)
        }
    }

    @Test("POST sends the body byte for byte with the caller's Content-Type and gets it echoed back")
    func postRoundTrip() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let body: [UInt8] = Array("{\"a\": [1, 2, 3]}\u{0}\u{FF}".utf8) + [0, 255, 13, 10]
            let response = try await client.perform(HTTPRequest(
                method: .post, url: server.url("/echo"),
                headers: ["Content-Type": "application/json"], body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.headers[first: "X-Method"] == "POST")
            #expect(response.headers[first: "X-Body-Length"] == String(body.count))
            #expect(response.headers[first: "X-Seen-Content-Type"] == "application/json")
        }
    }

    @Test("POST without a Content-Type sends none instead of libcurl's form-urlencoded default")
    func postWithoutContentType() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let response = try await client.perform(HTTPRequest(method: .post, url: server.url("/echo"), body: "x".bytes))
            #expect(response.headers[first: "X-Seen-Content-Type"] == "none")
        }
    }

    @Test("A 2 MiB POST is sent without Expect: 100-continue and arrives intact")
    func largePostWithoutExpect() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let body = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let response = try await client.perform(HTTPRequest(method: .post, url: server.url("/echo"), body: body))
            #expect(response.headers[first: "X-Seen-Expect"] == "none")
            #expect(response.body == body)
        }
    }

    @Test("PUT, PATCH, DELETE and HEAD go out with their own method names")
    func otherMethods() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let put = try await client.perform(HTTPRequest(method: .put, url: server.url("/echo"), body: "p".bytes))
            #expect(put.headers[first: "X-Method"] == "PUT")
            #expect(put.body == "p".bytes)
            let patch = try await client.perform(HTTPRequest(method: .patch, url: server.url("/echo")))
            #expect(patch.headers[first: "X-Method"] == "PATCH")
            #expect(patch.headers[first: "X-Body-Length"] == "0")
            let delete = try await client.perform(HTTPRequest(method: .delete, url: server.url("/echo")))
            #expect(delete.headers[first: "X-Method"] == "DELETE")
            let head = try await client.perform(HTTPRequest(method: .head, url: server.url("/echo")))
            #expect(head.status == 200)
            #expect(head.headers[first: "X-Method"] == "HEAD")
            #expect(head.body.isEmpty)
        }
    }

    @Test("Repeated request headers are all sent, in the given order")
    func repeatedRequestHeaders() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let response = try await client.perform(HTTPRequest(
                url: server.url("/echo"), headers: ["X-Test-A": "1", "X-Test-B": "", "X-Test-A": "2"]))
            #expect(response.headers.values(for: "x-echo") == ["X-Test-A=1", "X-Test-B=", "X-Test-A=2"])
        }
    }

    @Test("Response header lookup ignores case, keeps repeated fields in order and trims whitespace")
    func responseHeadersCaseInsensitiveAndRepeated() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let response = try await client.perform(HTTPRequest(url: server.url("/headers")))
            #expect(response.headers[first: "set-cookie"] == "a=1")
            #expect(response.headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
            #expect(response.headers[first: "x-mixed-case"] == "padded value")
            #expect(response.headers[first: "Content-Length"] == "2")
            #expect(response.headers[first: "X-Absent"] == nil)
            #expect(response.bodyText == "ok")
        }
    }

    @Test("A 4xx status is a response with its body, not an error")
    func errorStatusIsAResponse() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let response = try await client.perform(HTTPRequest(url: server.url("/status?code=404")))
            #expect(response.status == 404)
            #expect(response.bodyText == "status 404")
        }
    }

    @Test("An interim 100 Continue is skipped: status, headers and body are the final response's")
    func interimResponseSkipped() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let response = try await client.perform(HTTPRequest(method: .post, url: server.url("/continue"), body: "b".bytes))
            #expect(response.status == 200)
            #expect(response.bodyText == "done")
            #expect(!response.headers.contains("X-Interim"))
            #expect(response.headers[first: "Content-Length"] == "4")
        }
    }

    @Test("gzip bodies are decoded only when the request asks for decompression")
    func gzipDecompression() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let raw = try await client.perform(HTTPRequest(url: server.url("/gzip")))
            #expect(raw.headers[first: "X-Seen-Accept-Encoding"] == "none")
            #expect(raw.body == TestRequestHandler.gzipBytes)

            let decoded = try await client.perform(HTTPRequest(url: server.url("/gzip"), decompressResponse: true))
            #expect(decoded.headers[first: "X-Seen-Accept-Encoding"]?.contains("gzip") == true)
            #expect(decoded.bodyText == TestRequestHandler.gzipPlainText)
        }
    }

    @Test("The blocking API performs the same round trip on the caller's thread")
    func blockingRoundTrip() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let url = server.url("/echo")
            let result = await onDedicatedThread {
                Result { () throws(HTTPClientError) -> HTTPResponse in
                    try client.performBlocking(HTTPRequest(method: .post, url: url, body: "blocking".bytes))
                }
            }
            let response = try result.get()
            #expect(response.status == 200)
            #expect(response.bodyText == "blocking")
        }
    }

    @Test("Requests that cannot be sent safely are refused before any I/O")
    func invalidRequestsRefused() async throws {
        let client = try makeClient()
        let injected = await capturedError {
            try await client.perform(HTTPRequest(url: "http://127.0.0.1:9/", headers: ["X-Test": "a\r\nInjected: yes"]))
        }
        guard case .invalidRequest = injected else {
            Issue.record("expected .invalidRequest, got \(String(describing: injected))")
            return
        }
        let badName = await capturedError {
            try await client.perform(HTTPRequest(url: "http://127.0.0.1:9/", headers: ["Bad Name": "v"]))
        }
        guard case .invalidRequest = badName else {
            Issue.record("expected .invalidRequest, got \(String(describing: badName))")
            return
        }
        let scheme = await capturedError { try await client.perform(HTTPRequest(url: "file:///etc/passwd")) }
        guard case .invalidRequest = scheme else {
            Issue.record("expected .invalidRequest, got \(String(describing: scheme))")
            return
        }
    }
}
