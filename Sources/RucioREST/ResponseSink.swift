import CurlHTTP
import GatewayJSON
import Synchronization

/// Receives one response body from the transport: collects it, or splits a successful NDJSON
/// listing into records and hands each to `deliver` as soon as its line is complete.
///
/// Only the current partial line is kept between chunks (`NDJSONLineReader`), so a listing of any
/// length never sits in memory whole. Error answers are collected (their first 64 KiB) for
/// `RucioServerError` whatever the mode.
final class ResponseSink: Sendable {
    enum Mode: Sendable {
        /// Keep the body, up to `limit` bytes for a successful answer.
        case collect(limit: Int)
        /// Parse a successful body as NDJSON and deliver every record.
        case ndjson(deliver: @Sendable (JSON) throws -> Void)
    }

    private struct State {
        var reader = NDJSONLineReader()
        var delivered = 0
        var body: [UInt8] = []
    }

    static let errorBodyLimit = 64 << 10

    private let mode: Mode
    private let successStatuses: Range<Int>
    private let state = Mutex(State())

    init(mode: Mode, successStatuses: Range<Int> = 200..<300) {
        self.mode = mode
        self.successStatuses = successStatuses
    }

    /// Records handed to `deliver` so far.
    var delivered: Int { state.withLock { $0.delivered } }

    /// The collected body (the whole body in collect mode, the error answer otherwise).
    var body: [UInt8] { state.withLock { $0.body } }

    /// The transport's body handler.
    func consume(_ head: HTTPResponseHead, _ chunk: UnsafeRawBufferPointer) throws {
        try state.withLock { state in
            guard successStatuses.contains(head.status) else {
                let room = Self.errorBodyLimit - state.body.count
                if room > 0 { state.body.append(contentsOf: chunk.prefix(room)) }
                return
            }
            switch mode {
            case .collect(let limit):
                guard state.body.count + chunk.count <= limit else {
                    throw ResponseTooLarge(limit: limit)
                }
                state.body.append(contentsOf: chunk)
            case .ndjson(let deliver):
                var delivered = 0
                defer { state.delivered += delivered }
                try state.reader.feed(chunk) { record in
                    try deliver(record)
                    delivered += 1
                }
            }
        }
    }

    /// After a complete successful answer: a last line without a newline is a record too.
    func finish() throws {
        guard case .ndjson(let deliver) = mode else { return }
        try state.withLock { state in
            var delivered = 0
            defer { state.delivered += delivered }
            try state.reader.finish { record in
                try deliver(record)
                delivered += 1
            }
        }
    }

    struct ResponseTooLarge: Error, CustomStringConvertible {
        var limit: Int
        var description: String { "the answer is larger than \(limit) bytes" }
    }
}
