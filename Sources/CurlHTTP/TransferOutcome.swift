/// What a finished transfer produced, before it is shaped into the public response types.
struct TransferOutcome: Sendable {
    var head: HTTPResponseHead
    var body: [UInt8]
    var bodyByteCount: Int
    var info: HTTPTransferInfo
}
