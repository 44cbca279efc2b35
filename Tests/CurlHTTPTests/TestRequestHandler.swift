import NIOCore
import NIOHTTP1

/// The test server's routes. Each one produces one behaviour a test needs:
///
/// - `/echo`: 200, the request body as response body; reports what it saw in `X-Method`,
///   `X-Body-Length`, `X-Seen-Expect`, `X-Seen-Content-Type`, `X-Seen-User-Agent`,
///   `X-Seen-Accept-Encoding`, and one `X-Echo: name=value` per request field named `X-Test*`.
/// - `/headers`: repeated `Set-Cookie` fields and a mixed-case name.
/// - `/status?code=N`: status N with a short body.
/// - `/large?bytes=N`: N bytes of `byte(i) = i % 251`, written in 64 KiB pieces, Content-Length set.
/// - `/gated?bytes=N`: the same pattern, but the second half only after the test opened the gate.
/// - `/stall`: never answers.
/// - `/truncated`: announces 1000 bytes, sends 100, closes the connection.
/// - `/drop`: closes the connection without answering.
/// - `/continue`: a `100 Continue` (with a field of its own) before the final 200.
/// - `/gzip`: a gzip-encoded text with `Content-Encoding: gzip`.
final class TestRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let gzipPlainText = String(repeating: "hello gzip world\n", count: 50)
    static let gzipBytes: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
        0x48, 0xaf, 0xca, 0x2c, 0x50, 0x28, 0xcf, 0x2f, 0xca, 0x49, 0xe1, 0xca, 0x18, 0x15, 0x18, 0x15,
        0x18, 0x15, 0x20, 0x5f, 0x00, 0x00, 0x1b, 0x11, 0xd8, 0x38, 0x52, 0x03, 0x00, 0x00,
    ]

    /// The byte at `index` of `/large` and `/gated` bodies.
    static func patternByte(at index: Int) -> UInt8 { UInt8(index % 251) }

    private let shared: TestHTTPServer.Shared
    private var requestHead: HTTPRequestHead?
    private var requestBody = ByteBuffer()

    init(shared: TestHTTPServer.Shared) {
        self.shared = shared
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestHead = head
            requestBody.clear()
        case .body(var chunk):
            requestBody.writeBuffer(&chunk)
        case .end:
            guard let head = requestHead else { return }
            respond(to: head, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let (path, query) = Self.split(request.uri)
        switch path {
        case "/echo":
            var headers = HTTPHeaders()
            headers.add(name: "X-Method", value: request.method.rawValue)
            headers.add(name: "X-Body-Length", value: String(requestBody.readableBytes))
            headers.add(name: "X-Seen-Expect", value: request.headers.first(name: "Expect") ?? "none")
            headers.add(name: "X-Seen-Content-Type", value: request.headers.first(name: "Content-Type") ?? "none")
            headers.add(name: "X-Seen-User-Agent", value: request.headers.first(name: "User-Agent") ?? "none")
            headers.add(name: "X-Seen-Accept-Encoding", value: request.headers.first(name: "Accept-Encoding") ?? "none")
            for (name, value) in request.headers where name.lowercased().hasPrefix("x-test") {
                headers.add(name: "X-Echo", value: "\(name)=\(value)")
            }
            sendComplete(context: context, status: .ok, headers: headers, body: requestBody)
        case "/headers":
            var headers = HTTPHeaders()
            headers.add(name: "Set-Cookie", value: "a=1")
            headers.add(name: "X-MiXeD-CaSe", value: "  padded value  ")
            headers.add(name: "Set-Cookie", value: "b=2")
            sendComplete(context: context, status: .ok, headers: headers, body: ByteBuffer(string: "ok"))
        case "/status":
            let code = Int(query["code"] ?? "") ?? 500
            sendComplete(
                context: context, status: HTTPResponseStatus(statusCode: code), headers: HTTPHeaders(),
                body: ByteBuffer(string: "status \(code)"))
        case "/large":
            let total = Int(query["bytes"] ?? "") ?? 0
            sendHead(context: context, status: .ok, contentLength: total)
            writePattern(context: context, range: 0..<total)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case "/gated":
            let total = Int(query["bytes"] ?? "") ?? 0
            sendHead(context: context, status: .ok, contentLength: total)
            writePattern(context: context, range: 0..<(total / 2))
            context.flush()
            finishWhenGateOpens(context: context, range: (total / 2)..<total)
        case "/stall":
            break
        case "/truncated":
            sendHead(context: context, status: .ok, contentLength: 1000)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(repeating: UInt8(ascii: "x"), count: 100)))), promise: nil)
            context.flush()
            context.close(promise: nil)
        case "/drop":
            context.close(promise: nil)
        case "/continue":
            var interim = HTTPHeaders()
            interim.add(name: "X-Interim", value: "yes")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue, headers: interim))), promise: nil)
            sendComplete(context: context, status: .ok, headers: HTTPHeaders(), body: ByteBuffer(string: "done"))
        case "/gzip":
            var headers = HTTPHeaders()
            headers.add(name: "Content-Encoding", value: "gzip")
            headers.add(name: "X-Seen-Accept-Encoding", value: request.headers.first(name: "Accept-Encoding") ?? "none")
            sendComplete(context: context, status: .ok, headers: headers, body: ByteBuffer(bytes: Self.gzipBytes))
        default:
            sendComplete(context: context, status: .notFound, headers: HTTPHeaders(), body: ByteBuffer(string: "no route"))
        }
    }

    private func sendHead(context: ChannelHandlerContext, status: HTTPResponseStatus, contentLength: Int, headers: HTTPHeaders = HTTPHeaders()) {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Length", value: String(contentLength))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
    }

    private func sendComplete(context: ChannelHandlerContext, status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) {
        sendHead(context: context, status: status, contentLength: body.readableBytes, headers: headers)
        if body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// 64 KiB plus one period of the pattern, so any piece of the body is a slice of it.
    private static let patternSource: [UInt8] = (0..<(65_536 + 251)).map { patternByte(at: $0) }

    private func writePattern(context: ChannelHandlerContext, range: Range<Int>) {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let end = min(offset + 65_536, range.upperBound)
            let start = offset % 251
            let buffer = context.channel.allocator.buffer(bytes: Self.patternSource[start..<(start + end - offset)])
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            offset = end
        }
    }

    private func finishWhenGateOpens(context: ChannelHandlerContext, range: Range<Int>) {
        if shared.isGateOpen {
            writePattern(context: context, range: range)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        guard context.channel.isActive else { return }
        context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(5)) {
            self.finishWhenGateOpens(context: context, range: range)
        }
    }

    /// "/path?a=1&b=2" → ("/path", ["a": "1", "b": "2"]).
    private static func split(_ uri: String) -> (String, [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            query[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return (String(uri[..<mark]), query)
    }
}
