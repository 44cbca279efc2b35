import CurlHTTP
import Testing

@Suite("Keep-alive connection reuse")
struct ConnectionReuseTests {
    @Test("Ten sequential requests share one TCP connection")
    func sequentialRequestsReuseOneConnection() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            var opened: [Int] = []
            for index in 0..<10 {
                let response = try await client.perform(HTTPRequest(
                    method: .post, url: server.url("/echo"), body: "request \(index)".bytes))
                #expect(response.bodyText == "request \(index)")
                opened.append(response.info.connectionsOpened)
            }
            #expect(server.shared.acceptedConnections == 1)
            #expect(opened == [1] + Array(repeating: 0, count: 9))
        }
    }

    @Test("Blocking requests from one thread also reuse one connection")
    func blockingRequestsReuseOneConnection() async throws {
        try await withTestServer { server in
            let client = try makeClient()
            let url = server.url("/echo")
            let statuses = await onDedicatedThread {
                (0..<5).map { _ in (try? client.performBlocking(HTTPRequest(url: url)))?.status ?? -1 }
            }
            #expect(statuses == Array(repeating: 200, count: 5))
            #expect(server.shared.acceptedConnections == 1)
        }
    }

    @Test("forbidConnectionReuse opens a new connection for each of ten requests")
    func forbiddenReuseOpensOneConnectionPerRequest() async throws {
        try await withTestServer { server in
            let client = try makeClient { $0.forbidConnectionReuse = true }
            var opened = 0
            for _ in 0..<10 {
                let response = try await client.perform(HTTPRequest(url: server.url("/echo")))
                #expect(response.status == 200)
                opened += response.info.connectionsOpened
            }
            #expect(server.shared.acceptedConnections == 10)
            #expect(opened == 10)
        }
    }

    @Test("A pool of zero idle connections closes each connection after its request")
    func zeroIdleConnectionsMeansNoReuse() async throws {
        try await withTestServer { server in
            let client = try makeClient { $0.maximumIdleConnections = 0 }
            for _ in 0..<3 {
                _ = try await client.perform(HTTPRequest(url: server.url("/echo")))
            }
            #expect(server.shared.acceptedConnections == 3)
        }
    }
}
