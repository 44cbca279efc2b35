import CurlHTTP
import Foundation
import Synchronization
import Testing

/// The `HTTPClientError` that `body` threw, or nil if it returned. (Closures infer untyped
/// `throws` in Swift 6, so the typed error is recovered with a cast; the client throws nothing else.)
func capturedError<T>(_ body: () async throws -> T) async -> HTTPClientError? {
    do {
        _ = try await body()
        return nil
    } catch let error as HTTPClientError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// Runs blocking work on a thread of its own, as a CLI or benchmark thread would, so the blocking
/// API never runs on Swift's cooperative pool during the tests either.
func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}

/// A client whose defaults suit a loopback test server: short timeouts, a recognisable agent.
func makeClient(_ adjust: (inout HTTPClientConfiguration) -> Void = { _ in }) throws -> CurlHTTPClient {
    var configuration = HTTPClientConfiguration(
        connectTimeout: .seconds(5), requestTimeout: .seconds(20), userAgent: "CurlHTTPTests")
    adjust(&configuration)
    return try CurlHTTPClient(configuration: configuration)
}

/// What a streaming test's chunk handler saw, shared with the test across threads.
final class ChunkLog: Sendable {
    struct State {
        var chunks = 0
        var bytes = 0
        var largestChunk = 0
        var firstMismatch: Int?
        var statuses: Set<Int> = []
    }

    private let state = Mutex(State())

    var snapshot: State { state.withLock { $0 } }

    /// Records a chunk of a `/large` or `/gated` body and checks it against the pattern.
    /// Returns the number of body bytes received so far.
    @discardableResult
    func record(_ head: HTTPResponseHead, _ chunk: UnsafeRawBufferPointer) -> Int {
        state.withLock { state in
            for (offset, byte) in chunk.enumerated()
            where state.firstMismatch == nil && byte != TestRequestHandler.patternByte(at: state.bytes + offset) {
                state.firstMismatch = state.bytes + offset
            }
            state.chunks += 1
            state.bytes += chunk.count
            state.largestChunk = max(state.largestChunk, chunk.count)
            state.statuses.insert(head.status)
            return state.bytes
        }
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
