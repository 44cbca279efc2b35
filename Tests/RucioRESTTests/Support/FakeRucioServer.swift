import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import RucioREST
import Foundation

/// A scriptable HTTP/1.1 server on 127.0.0.1 (NIOHTTP1) for the faults a real Rucio cannot be
/// made to produce on demand: 503s, a listing cut in the middle, tokens about to expire, a 401
/// `CannotAuthenticate` on a token the client believes valid, slow authentication.
///
/// Every request goes to `script`, which returns the response; the server logs the requests.
final class FakeRucioServer: Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    struct Response: Sendable {
        enum Body: Sendable {
            case bytes([UInt8])
            /// `count` NDJSON lines made by `line`, chunked; after `holdAfter` lines the server
            /// waits until `resumeWhen` says so; `cutAfter` lines: the connection is closed
            /// without ending the chunked body.
            case lines(
                count: Int, line: @Sendable (Int) -> String, holdAfter: Int?, resumeWhen: @Sendable () -> Bool,
                cutAfter: Int?)
        }

        var status: Int
        var headers: [(String, String)]
        var body: Body
        /// Answer only after this long.
        var delay: Duration?

        init(status: Int, headers: [(String, String)] = [], body: String = "", delay: Duration? = nil) {
            self.status = status
            self.headers = headers
            self.body = .bytes(Array(body.utf8))
            self.delay = delay
        }

        init(status: Int, headers: [(String, String)] = [], body: Body, delay: Duration? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }

        /// Rucio's error answer: headers and JSON body.
        static func rucioError(_ status: Int, _ exceptionClass: String, _ message: String) -> Response {
            Response(
                status: status,
                headers: [
                    ("Content-Type", "application/octet-stream"), ("ExceptionClass", exceptionClass),
                    ("ExceptionMessage", message),
                ],
                body: "{\"ExceptionClass\": \"\(exceptionClass)\", \"ExceptionMessage\": \"\(message)\"}")
        }

        /// An NDJSON listing.
        static func ndjson(_ lines: [String]) -> Response {
            Response(
                status: 200, headers: [("Content-Type", "application/x-json-stream")],
                body: lines.map { $0 + "\n" }.joined())
        }
    }

    typealias Script = @Sendable (Request) -> Response

    private let log = Mutex<[Request]>([])
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { log.withLock { $0 } }
    func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, port: Int) {
        self.group = group
        self.channel = channel
        self.port = port
    }

    fileprivate func record(_ request: Request) { log.withLock { $0.append(request) } }

    static func start(_ script: @escaping Script) async throws -> FakeRucioServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let box = ServerBox()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeRucioHandler(box: box, script: script))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port else { throw FakeServerError.noPort }
            let server = FakeRucioServer(group: group, channel: channel, port: port)
            box.server.withLock { $0 = server }
            return server
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// A port on 127.0.0.1 where nothing listens (a server was bound there and closed).
    static func closedPort() async throws -> Int {
        let server = try await start { _ in Response(status: 200) }
        let port = server.port
        await server.shutdown()
        return port
    }
}

enum FakeServerError: Error { case noPort }

/// Lets the handler reach the server (created after the bootstrap) to log requests.
private final class ServerBox: Sendable {
    let server = Mutex<FakeRucioServer?>(nil)
}

/// Runs `body` against a fresh fake server, always shutting it down.
func withFakeRucio<T>(
    _ script: @escaping FakeRucioServer.Script, _ body: (FakeRucioServer) async throws -> T
) async throws -> T {
    let server = try await FakeRucioServer.start(script)
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

private final class FakeRucioHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let box: ServerBox
    private let script: FakeRucioServer.Script
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(box: ServerBox, script: @escaping FakeRucioServer.Script) {
        self.box = box
        self.script = script
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var chunk):
            body.append(contentsOf: chunk.readBytes(length: chunk.readableBytes) ?? [])
        case .end:
            guard let head else { return }
            let request = FakeRucioServer.Request(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                body: body)
            box.server.withLock { $0 }?.record(request)
            let response = script(request)
            if let delay = response.delay {
                context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
                    self.send(response, context: context)
                }
            } else {
                send(response, context: context)
            }
        }
    }

    private func send(_ response: FakeRucioServer.Response, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !headers.contains(name: "Date") { headers.add(name: "Date", value: httpDate()) }
        let status = HTTPResponseStatus(statusCode: response.status)
        switch response.body {
        case .bytes(let bytes):
            headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            if !bytes.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .lines(let count, let line, let holdAfter, let resumeWhen, let cutAfter):
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            writeLines(
                from: 0, count: count, line: line, holdAfter: holdAfter, resumeWhen: resumeWhen, cutAfter: cutAfter,
                context: context)
        }
    }

    private func writeLines(
        from start: Int, count: Int, line: @escaping @Sendable (Int) -> String, holdAfter: Int?,
        resumeWhen: @escaping @Sendable () -> Bool, cutAfter: Int?, context: ChannelHandlerContext
    ) {
        guard context.channel.isActive else { return }
        var index = start
        let stop = min(count, cutAfter ?? count)
        while index < stop {
            if let holdAfter, index == holdAfter, !resumeWhen() {
                context.flush()
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(5)) {
                    self.writeLines(
                        from: index, count: count, line: line, holdAfter: holdAfter, resumeWhen: resumeWhen,
                        cutAfter: cutAfter, context: context)
                }
                return
            }
            let end = min(stop, index + 100, holdAfter.map { $0 > index ? $0 : stop } ?? stop)
            var text = ""
            for i in index..<end { text += line(i) + "\n" }
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
            index = end
        }
        if cutAfter != nil {
            context.flush()
            context.close(promise: nil)  // no terminating chunk: the body is incomplete
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// IMF-fixdate of now, e.g. "Sun, 22 Nov 2026 01:39:13 GMT".
    private func httpDate() -> String {
        RucioTime.httpDate(secondsFromNow: 0)
    }
}
