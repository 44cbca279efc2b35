import CurlHTTP
import Testing

@Suite("Failures map to precise HTTPClientError cases")
struct ErrorMappingTests {
    @Test("A refused connection is .couldNotConnect, retryable, with libcurl's error-buffer text")
    func connectionRefused() async throws {
        // A port that was just listening and is now closed: nothing accepts there.
        let server = try await TestHTTPServer.start()
        let url = server.url("/echo")
        await server.shutdown()

        let client = try makeClient()
        let error = await capturedError { try await client.perform(HTTPRequest(url: url)) }
        guard case .couldNotConnect(let failure) = error else {
            Issue.record("expected .couldNotConnect, got \(String(describing: error))")
            return
        }
        #expect(error?.isRetryableConnectionError == true)
        #expect(failure.code == 7)
        #expect(failure.detail.contains("127.0.0.1"))
        #expect(failure.url == url)
        #expect(!failure.responseStarted)
    }

    @Test("A server that stalls past the request timeout gives .timedOut, promptly and not retryable")
    func stalledServerTimesOut() async throws {
        try await withTestServer { server in
            let client = try makeClient { $0.requestTimeout = .milliseconds(300) }
            let clock = ContinuousClock()
            let start = clock.now
            let error = await capturedError { try await client.perform(HTTPRequest(url: server.url("/stall"))) }
            let elapsed = clock.now - start
            guard case .timedOut(let failure) = error else {
                Issue.record("expected .timedOut, got \(String(describing: error))")
                return
            }
            #expect(failure.code == 28)
            #expect(error?.isRetryableConnectionError == false)
            #expect(elapsed >= .milliseconds(250))
            #expect(elapsed < .seconds(5))
        }
    }

    @Test("A per-request timeout overrides the configured one")
    func perRequestTimeout() async throws {
        try await withTestServer { server in
            let client = try makeClient { $0.requestTimeout = .seconds(60) }
            let error = await capturedError {
                try await client.perform(HTTPRequest(url: server.url("/stall"), timeout: .milliseconds(200)))
            }
            guard case .timedOut = error else {
                Issue.record("expected .timedOut, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("A body cut short of its Content-Length is .transferInterrupted and not retryable")
    func truncatedBody() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let error = await capturedError { try await client.perform(HTTPRequest(url: server.url("/truncated"))) }
            guard case .transferInterrupted(let failure) = error else {
                Issue.record("expected .transferInterrupted, got \(String(describing: error))")
                return
            }
            #expect(failure.code == 18)  // CURLE_PARTIAL_FILE
            #expect(failure.responseStarted)
            #expect(error?.isRetryableConnectionError == false)
        }
    }

    @Test("A connection closed before any response byte is .transferInterrupted and retryable")
    func droppedBeforeResponse() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let error = await capturedError { try await client.perform(HTTPRequest(url: server.url("/drop"))) }
            guard case .transferInterrupted(let failure) = error else {
                Issue.record("expected .transferInterrupted, got \(String(describing: error))")
                return
            }
            #expect(!failure.responseStarted)
            #expect(error?.isRetryableConnectionError == true)
        }
    }

    @Test("Cancelling the task stops a stalled transfer with .cancelled long before its timeout")
    func cancellationStopsTransfer() async throws {
        try await withTestServer { server in
            let client = try makeClient { $0.requestTimeout = .seconds(60) }
            let url = server.url("/stall")
            let clock = ContinuousClock()
            let start = clock.now
            let task = Task { await capturedError { try await client.perform(HTTPRequest(url: url)) } }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let error = await task.value
            guard case .cancelled = error else {
                Issue.record("expected .cancelled, got \(String(describing: error))")
                return
            }
            #expect(clock.now - start < .seconds(5))
        }
    }
}
