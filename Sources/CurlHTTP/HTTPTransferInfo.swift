/// Facts libcurl records about one transfer (curl_easy_getinfo), kept so callers and benchmarks
/// can see whether a connection was reused and where the time went.
public struct HTTPTransferInfo: Sendable, Hashable {
    /// New connections opened for this transfer (CURLINFO_NUM_CONNECTS): 0 when an idle
    /// keep-alive connection was reused, 1 for a fresh TCP (+ TLS) connection.
    public var connectionsOpened: Int
    /// From the start of the transfer to its end (CURLINFO_TOTAL_TIME_T).
    public var total: Duration
    /// Until the TCP connection was established (CURLINFO_CONNECT_TIME_T); zero when reused.
    public var connect: Duration
    /// Until the TLS handshake completed (CURLINFO_APPCONNECT_TIME_T); zero for plain HTTP or reuse.
    public var tlsHandshakeDone: Duration
    /// Until the first response byte arrived (CURLINFO_STARTTRANSFER_TIME_T).
    public var firstByte: Duration

    public init(connectionsOpened: Int, total: Duration, connect: Duration, tlsHandshakeDone: Duration, firstByte: Duration) {
        self.connectionsOpened = connectionsOpened
        self.total = total
        self.connect = connect
        self.tlsHandshakeDone = tlsHandshakeDone
        self.firstByte = firstByte
    }
}
