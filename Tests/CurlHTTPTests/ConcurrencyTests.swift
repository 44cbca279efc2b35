import CurlHTTP
import Testing

@Suite("Concurrent use from many tasks")
struct ConcurrencyTests {
    @Test("64 concurrent POSTs from separate tasks all succeed, over at most 8 connections")
    func manyConcurrentRequests() async throws {
        try await withTestServer { server in
            let client = try makeClient {
                $0.maximumConcurrentRequests = 8
                $0.maximumIdleConnections = 8
            }
            let url = server.url("/echo")
            let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        let body = "task \(index) ".bytes + Array(repeating: UInt8(index), count: 1000 * index)
                        let response = try await client.perform(HTTPRequest(method: .post, url: url, body: body))
                        return response.status == 200 && response.body == body ? 0 : 1
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(mismatches == 0)
            #expect(server.shared.acceptedConnections <= 8)
            #expect(server.shared.acceptedConnections >= 1)
        }
    }

    @Test("Concurrent blocking requests from 4 threads each succeed on one shared client")
    func concurrentBlockingThreads() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let url = server.url("/echo")
            let failures = await withTaskGroup(of: Int.self) { group in
                for thread in 0..<4 {
                    group.addTask {
                        await onDedicatedThread {
                            (0..<25).reduce(0) { failures, index in
                                let body = "t\(thread)-\(index)".bytes
                                let response = try? client.performBlocking(HTTPRequest(method: .post, url: url, body: body))
                                return failures + (response?.body == body ? 0 : 1)
                            }
                        }
                    }
                }
                return await group.reduce(0, +)
            }
            #expect(failures == 0)
            #expect(server.shared.acceptedConnections <= 4)
        }
    }
}
