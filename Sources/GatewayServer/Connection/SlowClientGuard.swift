import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Closes connections whose client sends too slowly to be anything but an attack on the server's connection slots
/// (slowloris): a request's headers must be complete within `headerTimeout` of its first byte (TLS handshake
/// included), and its body must keep arriving at `minimumBodyBytesPerSecond`, checked over windows of
/// `bodyRateWindow`. The idle timeout alone does not catch them, since every byte resets it: headers at one byte per
/// 2 s and chunked bodies at one chunk per 20 s kept connections open indefinitely.
///
/// Two handlers share one connection's state on its event loop: `RawActivity` at the front of the pipeline sees the
/// first byte of a request, `RequestPhases` after the HTTP codec sees the head, the body and the end.
struct SlowClientLimits: Sendable {
    var headerTimeout: TimeAmount
    /// 0 turns the body check off.
    var minimumBodyBytesPerSecond: Int
    var bodyRateWindow: TimeAmount = .seconds(10)
}

final class SlowClientGuard {
    private enum Phase {
        case idle
        case head
        case body(bytesInWindow: Int)
    }

    private let limits: SlowClientLimits
    private let logger: Logger
    private var phase = Phase.idle
    private var timer: Scheduled<Void>?

    init(limits: SlowClientLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    func bytesArrived(_ context: ChannelHandlerContext) {
        guard case .idle = phase else { return }
        phase = .head
        schedule(context, after: limits.headerTimeout) { guardState, context in
            guard case .head = guardState.phase else { return }
            guardState.close(context, "request headers not complete \(guardState.limits.headerTimeout.nanoseconds / 1_000_000_000) s after the first byte")
        }
    }

    func headReceived(_ context: ChannelHandlerContext) {
        timer?.cancel()
        phase = .body(bytesInWindow: 0)
        scheduleRateCheck(context)
    }

    func bodyReceived(_ bytes: Int) {
        if case .body(let counted) = phase { phase = .body(bytesInWindow: counted + bytes) }
    }

    func requestEnded() {
        timer?.cancel()
        timer = nil
        phase = .idle
    }

    func connectionClosed() {
        timer?.cancel()
        timer = nil
    }

    private func scheduleRateCheck(_ context: ChannelHandlerContext) {
        guard limits.minimumBodyBytesPerSecond > 0 else { return }
        schedule(context, after: limits.bodyRateWindow) { guardState, context in
            guard case .body(let counted) = guardState.phase else { return }
            let seconds = Int(guardState.limits.bodyRateWindow.nanoseconds / 1_000_000_000)
            let needed = guardState.limits.minimumBodyBytesPerSecond * max(1, seconds)
            if counted < needed {
                guardState.close(context, "request body arriving at \(counted / max(1, seconds)) bytes/s, below the minimum of \(guardState.limits.minimumBodyBytesPerSecond)")
                return
            }
            guardState.phase = .body(bytesInWindow: 0)
            guardState.scheduleRateCheck(context)
        }
    }

    private func schedule(
        _ context: ChannelHandlerContext, after delay: TimeAmount, _ body: @escaping (SlowClientGuard, ChannelHandlerContext) -> Void
    ) {
        timer?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: delay) {
            body(loopBound.value.0, loopBound.value.1)
        }
    }

    private func close(_ context: ChannelHandlerContext, _ reason: String) {
        logger.notice("closing a slow client's connection", metadata: [
            "reason": "\(reason)", "remote": "\(context.remoteAddress.map { "\($0)" } ?? "-")",
        ])
        SlowClientMetrics.closed()
        context.close(promise: nil)
    }

    /// At the front of the pipeline: any inbound byte (TLS records included) of a connection between requests
    /// starts the header deadline.
    final class RawActivity: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        let state: SlowClientGuard

        init(_ state: SlowClientGuard) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            state.bytesArrived(context)
            context.fireChannelRead(data)
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.connectionClosed()
            context.fireChannelInactive()
        }
    }

    /// After the HTTP codec: the head ends the header deadline and starts the body rate check, the end stops it.
    final class RequestPhases: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        let state: SlowClientGuard

        init(_ state: SlowClientGuard) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: state.headReceived(context)
            case .body(let buffer): state.bodyReceived(buffer.readableBytes)
            case .end: state.requestEnded()
            }
            context.fireChannelRead(data)
        }
    }
}
