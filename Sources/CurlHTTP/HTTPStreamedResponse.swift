/// What a streamed transfer returns once the body has been handed to the chunk callback.
public struct HTTPStreamedResponse: Sendable {
    public var head: HTTPResponseHead
    /// The number of body bytes delivered to the callback.
    public var bodyByteCount: Int
    public var info: HTTPTransferInfo

    public init(head: HTTPResponseHead, bodyByteCount: Int, info: HTTPTransferInfo) {
        self.head = head
        self.bodyByteCount = bodyByteCount
        self.info = info
    }

    public var status: Int { head.status }
    public var headers: HTTPHeaders { head.headers }
}
