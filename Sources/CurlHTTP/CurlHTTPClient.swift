import CCurl
import CurlShim

/// An HTTP/1.1 client on libcurl, with keep-alive connection reuse, for async and blocking callers.
///
/// - Async API (`perform`, `stream`): each transfer runs on one of a few dedicated threads, never
///   on Swift's cooperative pool, because curl_easy_perform() blocks for the whole exchange. Task
///   cancellation stops a running transfer within about a second (libcurl's progress callback).
/// - Blocking API (`performBlocking`, `streamBlocking`): runs on the calling thread, for CLI and
///   benchmark threads that own their thread.
///
/// Connections: idle easy handles are pooled, each keeping its keep-alive connection, so
/// sequential requests to one server reuse one connection and concurrent ones use one each (see
/// `HTTPClientConfiguration.maximumIdleConnections`). Dropping the client closes them.
///
/// Knows nothing of any particular service: status codes other than 2xx are ordinary responses.
public final class CurlHTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    let executor: RequestExecutor
    private let threads: TransferThreadPool

    /// Initialises libcurl for the process on first use (curl_global_init, exactly once).
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws(HTTPClientError) {
        let rc = cs_global_init_once()
        guard rc == CURLE_OK else {
            throw .other(CurlFailure(
                code: Int(rc.rawValue), summary: String(cString: curl_easy_strerror(rc)),
                detail: "curl_global_init failed", method: "", url: "", responseStarted: false))
        }
        self.configuration = configuration
        executor = RequestExecutor(
            configuration: configuration,
            handles: EasyHandlePool(capacity: configuration.maximumIdleConnections))
        threads = TransferThreadPool(maximumThreads: configuration.maximumConcurrentRequests)
    }

    deinit { threads.shutdown() }

    /// Sends `request` and returns the response with its whole body in memory.
    public func perform(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let executor = executor
        let outcome = try await onTransferThread { cancellation in
            executor.execute(request, sink: .collect, cancellation: cancellation)
        }
        return HTTPResponse(status: outcome.head.status, headers: outcome.head.headers, body: outcome.body, info: outcome.info)
    }

    /// Sends `request` and hands the body to `onBodyChunk` piece by piece as it arrives, never
    /// holding more than one chunk (at most CURL_MAX_WRITE_SIZE, 16 KiB, unless decoding).
    ///
    /// The handler runs on a transfer thread, one call at a time, with the final response head
    /// (so it can treat an error status differently); it is not called for an empty body. While it
    /// runs, libcurl reads nothing more, so a slow consumer slows the sender instead of growing a
    /// buffer. Throwing stops the transfer and this method throws `.aborted` with that error.
    public func stream(
        _ request: HTTPRequest,
        onBodyChunk: @escaping @Sendable (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void
    ) async throws(HTTPClientError) -> HTTPStreamedResponse {
        let executor = executor
        let outcome = try await onTransferThread { cancellation in
            executor.execute(request, sink: .stream(onBodyChunk), cancellation: cancellation)
        }
        return HTTPStreamedResponse(head: outcome.head, bodyByteCount: outcome.bodyByteCount, info: outcome.info)
    }

    /// Runs `work` on a transfer thread and suspends until it is done; cancelling the task sets
    /// the flag `work` watches.
    private func onTransferThread<T: Sendable>(
        _ work: @escaping @Sendable (CancellationFlag) -> Result<T, HTTPClientError>
    ) async throws(HTTPClientError) -> T {
        if Task.isCancelled { throw .cancelled }
        let cancellation = CancellationFlag()
        let threads = threads
        let result: Result<T, HTTPClientError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                threads.submit(TransferThreadPool.Job(
                    run: { continuation.resume(returning: work(cancellation)) },
                    reject: {
                        continuation.resume(returning: .failure(.other(CurlFailure(
                            code: -1, summary: "no transfer thread",
                            detail: "no thread could be started to run the transfer",
                            method: "", url: "", responseStarted: false))))
                    }))
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }
}
