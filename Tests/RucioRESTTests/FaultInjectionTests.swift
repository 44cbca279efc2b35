import CurlHTTP
import GatewayJSON
import RucioREST
import Synchronization
import Testing

/// Faults the real server cannot produce on demand, from a local NIOHTTP1 server.
@Suite("Transient failures and broken streams (fake server)")
struct FaultInjectionTests {
    static let did = RucioDID(scope: "tests", name: "/ctao/tests/x/Data/file_1.dat")

    @Test("a read answered 503 is retried and then succeeds")
    func readRetriedAfter503() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            switch request.path {
            case "/auth/userpass": return tokenResponse(request, counters: counters)
            case "/dids/bulkmeta":
                if counters.next("bulkmeta") == 1 {
                    return .rucioError(503, "ResourceTemporaryUnavailable", "try later")
                }
                return .ndjson([metadataLine(name: Self.did.name)])
            default: return .rucioError(404, "NotFound", request.path)
            }
        }) { server in
            let collector = RucioRecordCollector<RucioMetadataRecord>()
            let count = try await fakeClient(server).account("root").bulkMetadata(for: [Self.did]) { collector.append($0) }
            #expect(count == 1)
            #expect(collector.records.map(\.did) == [Self.did])
            #expect(server.requests(to: "/dids/bulkmeta").count == 2)
        }
    }

    @Test("a read keeps failing with 503: the attempts are bounded and the last 503 is thrown")
    func boundedRetries() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            request.path == "/auth/userpass"
                ? tokenResponse(request, counters: counters) : .rucioError(503, "DatabaseException", "QueuePool limit")
        }) { server in
            let error = try #require(await rucioError { try await fakeClient(server).account("root").listScopes() })
            #expect(error.status == 503)
            #expect(error.exceptionClass == "DatabaseException")
            #expect(server.requests(to: "/scopes/").count == fastRetries.maximumAttempts)
        }
    }

    @Test("a write answered 503 is not retried")
    func writeNotRetried() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            request.path == "/auth/userpass"
                ? tokenResponse(request, counters: counters) : .rucioError(503, "ResourceTemporaryUnavailable", "busy")
        }) { server in
            let session = fakeClient(server).account("root")
            let error = try #require(await rucioError {
                try await session.addCollections([
                    RucioNewCollection(did: RucioDID(scope: "tests", name: "/ctao/tests/new"), type: .dataset)
                ])
            })
            #expect(error.status == 503)
            #expect(server.requests(to: "/dids").count == 1)
        }
    }

    @Test("connection refused is a transport error, retried for reads, never for writes")
    func connectionRefused() async throws {
        let port = try await FakeRucioServer.closedPort()
        let client = RucioClient(
            configuration: RucioConfiguration(
                baseURL: "http://127.0.0.1:\(port)", connectTimeout: .seconds(2), retryPolicy: fastRetries),
            credentials: .userpass(username: "root", password: "secret"))

        let pingError = try #require(await rucioError { try await client.ping() })
        guard case .transport(let failure) = pingError, case .couldNotConnect = failure.error else {
            Issue.record("expected a couldNotConnect transport failure, got \(pingError)")
            return
        }
        #expect(failure.attempts == fastRetries.maximumAttempts)
        #expect(pingError.isTransient)

        // The token request is what fails first for an authenticated call: still a transport error.
        let writeError = try #require(await rucioError {
            try await client.account("root").setStatus(of: Self.did, open: false)
        })
        guard case .transport = writeError else {
            Issue.record("expected a transport failure, got \(writeError)")
            return
        }
    }

    @Test("a listing cut after some records is an error carrying the count, and is not retried")
    func streamCutMidway() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            if request.path == "/auth/userpass" { return tokenResponse(request, counters: counters) }
            return FakeRucioServer.Response(
                status: 200, headers: [("Content-Type", "application/x-json-stream")],
                body: .lines(count: 10, line: replicaLine, holdAfter: nil, resumeWhen: { true }, cutAfter: 3))
        }) { server in
            let collector = RucioRecordCollector<RucioReplicaRecord>()
            let error = try #require(await rucioError {
                try await fakeClient(server).account("root").listReplicas(
                    for: [Self.did], query: RucioReplicaQuery(allStates: false, ignoreAvailability: true)
                ) { collector.append($0) }
            })
            guard case .transport(let failure) = error else {
                Issue.record("expected a transport failure, got \(error)")
                return
            }
            #expect(failure.recordsDelivered == 3)
            #expect(failure.isInterruptedStream)
            #expect(collector.records.count == 3)
            #expect(server.requests(to: "/replicas/list").count == 1)
        }
    }

    @Test("a listing cut before its first record is retried like any read")
    func streamCutBeforeFirstRecord() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            if request.path == "/auth/userpass" { return tokenResponse(request, counters: counters) }
            let cut = counters.next("list") == 1 ? 0 : nil
            return FakeRucioServer.Response(
                status: 200, headers: [("Content-Type", "application/x-json-stream")],
                body: .lines(count: 5, line: replicaLine, holdAfter: nil, resumeWhen: { true }, cutAfter: cut))
        }) { server in
            let count = try await fakeClient(server).account("root").listReplicas(
                for: [Self.did], query: RucioReplicaQuery(allStates: true, ignoreAvailability: true)
            ) { _ in }
            #expect(count == 5)
            #expect(server.requests(to: "/replicas/list").count == 2)
        }
    }

    @Test("a request slower than the request timeout fails as a timeout, without retry")
    func timeout() async throws {
        try await withFakeRucio({ _ in FakeRucioServer.Response(status: 200, body: #"{"version": "41.5.1"}"#, delay: .seconds(3)) })
        { server in
            let client = fakeClient(server, requestTimeout: .milliseconds(500))
            let error = try #require(await rucioError { try await client.ping() })
            guard case .transport(let failure) = error else {
                Issue.record("expected a transport failure, got \(error)")
                return
            }
            #expect(failure.isTimeout)
            #expect(failure.attempts == 1)
        }
    }

    @Test("a record that is not JSON fails the listing as an invalid response")
    func malformedLine() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            request.path == "/auth/userpass"
                ? tokenResponse(request, counters: counters) : .ndjson([metadataLine(name: "/a"), "{not json"])
        }) { server in
            let delivered = Counters()
            let error = try #require(await rucioError {
                try await fakeClient(server).account("root").bulkMetadata(for: [Self.did]) { _ in delivered.next("r") }
            })
            guard case .invalidResponse = error else {
                Issue.record("expected invalidResponse, got \(error)")
                return
            }
            #expect(delivered["r"] == 1)
        }
    }

    @Test("an error thrown by the record callback stops the listing and comes back as .consumer")
    func consumerStops() async throws {
        struct Enough: Error {}
        let counters = Counters()
        try await withFakeRucio({ request in
            if request.path == "/auth/userpass" { return tokenResponse(request, counters: counters) }
            return FakeRucioServer.Response(
                status: 200, headers: [("Content-Type", "application/x-json-stream")],
                body: .lines(count: 5000, line: replicaLine, holdAfter: nil, resumeWhen: { true }, cutAfter: nil))
        }) { server in
            let seen = Counters()
            let error = try #require(await rucioError {
                try await fakeClient(server).account("root").listReplicas(
                    for: [Self.did], query: RucioReplicaQuery(allStates: false, ignoreAvailability: false)
                ) { _ in
                    if seen.next("r") == 10 { throw Enough() }
                }
            })
            guard case .consumer(let inner) = error else {
                Issue.record("expected .consumer, got \(error)")
                return
            }
            #expect(inner is Enough)
            #expect(seen["r"] == 10)
            #expect(server.requests(to: "/replicas/list").count == 1)
        }
    }

    @Test("errors keep Rucio's class from headers alone and the plain text of unhandled 500s")
    func errorFormats() async throws {
        let counters = Counters()
        try await withFakeRucio({ request in
            switch request.path {
            case "/auth/userpass": return tokenResponse(request, counters: counters)
            case "/scopes/": return FakeRucioServer.Response(status: 500, headers: [("Content-Type", "text/html")], body: "list index out of range")
            default:
                return FakeRucioServer.Response(
                    status: 404, headers: [("ExceptionClass", "RSENotFound"), ("ExceptionMessage", "RSE 'X' not found")])
            }
        }) { server in
            let session = fakeClient(server, retry: .none).account("root")
            let plain = try #require(await rucioError { try await session.listScopes() })
            #expect(plain.isUnhandledServerError)
            #expect(plain.exceptionMessage == "list index out of range")
            let headerOnly = try #require(await rucioError { try await session.rse("X") })
            #expect(headerOnly.exceptionClass == "RSENotFound")
            #expect(headerOnly.isNotFound)
        }
    }
}
