import CurlHTTP
import Testing

@Suite("Streamed response bodies")
struct StreamingTests {
    struct StopReading: Error, Equatable {
        let reason: String
    }

    @Test("The chunk handler gets the first half of an 8 MiB body before the server sends the second half")
    func streamDeliversIncrementally() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let total = 8 << 20
            let log = ChunkLog()
            let shared = server.shared
            // The server holds back the second half until the gate opens, and only the handler
            // opens it: a client that buffered the body before calling the handler would time out.
            let response = try await client.stream(
                HTTPRequest(url: server.url("/gated?bytes=\(total)"), timeout: .seconds(15))
            ) { head, chunk in
                if log.record(head, chunk) >= total / 2 { shared.openGate() }
            }
            let seen = log.snapshot
            #expect(response.status == 200)
            #expect(response.bodyByteCount == total)
            #expect(seen.bytes == total)
            #expect(seen.firstMismatch == nil)
            #expect(seen.chunks > 2)
            #expect(seen.largestChunk <= 16_384)  // CURL_MAX_WRITE_SIZE: one chunk at a time
            #expect(seen.statuses == [200])
            #expect(response.headers[first: "content-length"] == String(total))
        }
    }

    @Test("A handler that throws stops the transfer, is not called again, and surfaces as .aborted")
    func handlerThrowingAborts() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let log = ChunkLog()
            let error = await capturedError {
                try await client.stream(HTTPRequest(url: server.url("/large?bytes=\(8 << 20)"))) { head, chunk in
                    log.record(head, chunk)
                    throw StopReading(reason: "enough")
                }
            }
            guard case .aborted(let underlying) = error else {
                Issue.record("expected .aborted, got \(String(describing: error))")
                return
            }
            #expect(underlying as? StopReading == StopReading(reason: "enough"))
            #expect(log.snapshot.chunks == 1)
            #expect(error?.isRetryableConnectionError == false)

            // The client stays usable after an aborted transfer.
            let next = try await client.perform(HTTPRequest(url: server.url("/echo")))
            #expect(next.status == 200)
        }
    }

    @Test("The blocking stream variant delivers a 3 MB body in chunks on the calling thread")
    func blockingStream() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let total = 3_000_000
            let url = server.url("/large?bytes=\(total)")
            let log = ChunkLog()
            let result = await onDedicatedThread {
                Result { () throws(HTTPClientError) -> HTTPStreamedResponse in
                    try client.streamBlocking(HTTPRequest(url: url)) { head, chunk in log.record(head, chunk) }
                }
            }
            let response = try result.get()
            #expect(response.bodyByteCount == total)
            #expect(log.snapshot.bytes == total)
            #expect(log.snapshot.chunks > 1)
            #expect(log.snapshot.firstMismatch == nil)
        }
    }

    @Test("An empty body never calls the handler but still returns the head")
    func emptyBodyStream() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let log = ChunkLog()
            let response = try await client.stream(HTTPRequest(url: server.url("/large?bytes=0"))) { head, chunk in
                log.record(head, chunk)
            }
            #expect(response.status == 200)
            #expect(response.bodyByteCount == 0)
            #expect(log.snapshot.chunks == 0)
        }
    }
}
