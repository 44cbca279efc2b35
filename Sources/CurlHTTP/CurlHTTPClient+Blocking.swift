extension CurlHTTPClient {
    /// Sends `request` on the calling thread and returns the response with its whole body.
    ///
    /// Blocks the thread for the whole exchange: for threads the caller owns (CLI, benchmark
    /// workers). From async code use `perform(_:)`, which keeps the cooperative pool free.
    @available(*, noasync, message: "blocks the thread; use perform(_:) from async code")
    public func performBlocking(_ request: HTTPRequest) throws(HTTPClientError) -> HTTPResponse {
        let outcome = try executor.execute(request, sink: .collect, cancellation: nil).get()
        return HTTPResponse(status: outcome.head.status, headers: outcome.head.headers, body: outcome.body, info: outcome.info)
    }

    /// Sends `request` on the calling thread, handing the body to `onBodyChunk` as it arrives
    /// (see `stream(_:onBodyChunk:)`); the handler runs on the calling thread.
    @available(*, noasync, message: "blocks the thread; use stream(_:onBodyChunk:) from async code")
    public func streamBlocking(
        _ request: HTTPRequest,
        onBodyChunk: HTTPBodyChunkHandler
    ) throws(HTTPClientError) -> HTTPStreamedResponse {
        let result = withoutActuallyEscaping(onBodyChunk) { handler in
            executor.execute(request, sink: .stream(handler), cancellation: nil)
        }
        let outcome = try result.get()
        return HTTPStreamedResponse(head: outcome.head, bodyByteCount: outcome.bodyByteCount, info: outcome.info)
    }
}
