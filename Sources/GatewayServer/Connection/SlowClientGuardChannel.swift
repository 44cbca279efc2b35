import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Wraps the server's child channel (TLS + HTTP/1, or plain HTTP/1 behind a trusted front) with the
/// `SlowClientGuard` handlers: one at the very front of the pipeline, one right after the HTTP codec.
struct SlowClientGuardChannel<BaseChannel: ServerChildChannel>: ServerChildChannel {
    typealias Value = BaseChannel.Value

    let base: BaseChannel
    let limits: SlowClientLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let state = SlowClientGuard(limits: limits, logger: logger)
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(SlowClientGuard.RawActivity(state), position: .first)
            let codec = try operations.handler(type: HTTP1ToHTTPServerCodec.self)
            try operations.addHandler(SlowClientGuard.RequestPhases(state), position: .after(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
