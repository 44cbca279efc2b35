import CurlHTTP
import Synchronization

/// Sends one request repeatedly from many threads and measures every call.
///
/// Workers take numbered tickets from a shared counter, so exactly `requests` calls are made in
/// total however fast each worker is, and stop early when the optional deadline passes.
struct LoadRunner: Sendable {
    /// What one worker observed.
    struct WorkerResult: Sendable {
        var latencies: [Int64] = []  // nanoseconds, successful calls only
        var completed = 0
        var errors = 0
        var connectionsOpened = 0
        /// Error kind → count, and one full message per kind.
        var errorCounts: [String: Int] = [:]
        var errorSamples: [String: String] = [:]

        mutating func recordError(kind: String, message: String) {
            errors += 1
            errorCounts[kind, default: 0] += 1
            if errorSamples[kind] == nil { errorSamples[kind] = message }
        }

        mutating func merge(_ other: WorkerResult) {
            latencies += other.latencies
            completed += other.completed
            errors += other.errors
            connectionsOpened += other.connectionsOpened
            errorCounts.merge(other.errorCounts, uniquingKeysWith: +)
            errorSamples.merge(other.errorSamples) { first, _ in first }
        }
    }

    private final class Tickets: Sendable {
        let next = Atomic<Int>(0)
    }

    let clients: [CurlHTTPClient]
    let request: HTTPRequest

    /// Runs `requests` calls over `clients.count` threads (one client each) and merges the results.
    func run(requests: Int, deadline: ContinuousClock.Instant?) -> WorkerResult {
        let tickets = Tickets()
        let clients = clients
        let request = request
        let perWorker = WorkerThreads.run(count: clients.count) { worker in
            let client = clients[worker]
            let clock = ContinuousClock()
            var result = WorkerResult()
            result.latencies.reserveCapacity(requests / max(1, clients.count) + 16)
            while tickets.next.add(1, ordering: .relaxed).oldValue < requests {
                if let deadline, clock.now >= deadline { break }
                let start = clock.now
                do throws(HTTPClientError) {
                    let response = try client.performBlocking(request)
                    let elapsed = clock.now - start
                    result.completed += 1
                    result.connectionsOpened += response.info.connectionsOpened
                    if response.status != 200 {
                        result.recordError(kind: "HTTP \(response.status)", message: Self.preview(response.body))
                    } else if !RPCResultCheck.isOK(response.body) {
                        result.recordError(kind: "not OK", message: Self.preview(response.body))
                    } else {
                        let (seconds, attoseconds) = elapsed.components
                        result.latencies.append(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
                    }
                } catch {
                    result.completed += 1
                    result.recordError(kind: Self.kind(of: error), message: error.description)
                }
            }
            return result
        }
        var total = WorkerResult()
        for result in perWorker { total.merge(result) }
        return total
    }

    private static func kind(of error: HTTPClientError) -> String {
        switch error {
        case .couldNotConnect(let failure): "could not connect (curl \(failure.code))"
        case .timedOut: "timed out"
        case .tls(let failure): "TLS (curl \(failure.code))"
        case .transferInterrupted(let failure): "interrupted (curl \(failure.code))"
        case .aborted: "aborted"
        case .cancelled: "cancelled"
        case .invalidRequest: "invalid request"
        case .other(let failure): "curl \(failure.code)"
        }
    }

    private static func preview(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(200), as: UTF8.self)
    }
}
