import CCurl
import CurlShim

/// Receives a body chunk together with the final response head. The chunk's memory belongs to
/// libcurl and is valid only during the call: copy what must outlive it. Throwing stops the
/// transfer.
public typealias HTTPBodyChunkHandler = (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void

/// The state of one running transfer, which libcurl's C callbacks reach through their userdata
/// pointer. Lives on the thread that runs curl_easy_perform() and only there.
final class Transfer {
    enum Sink {
        /// Accumulate the body in memory.
        case collect
        /// Hand each chunk to the handler as it arrives; nothing is accumulated.
        case stream(HTTPBodyChunkHandler)
    }

    private let sink: Sink
    private let cancellation: CancellationFlag?
    private let handle: EasyHandle
    private var parser = ResponseHeaderParser()
    private var cachedHead: HTTPResponseHead?

    private(set) var body: [UInt8] = []
    private(set) var bodyByteCount = 0
    /// What the chunk handler threw; libcurl then ends the transfer with CURLE_WRITE_ERROR.
    private(set) var handlerError: (any Error)?
    /// The progress callback saw the cancellation flag and stopped the transfer.
    private(set) var wasCancelled = false

    /// Memory for CURLOPT_ERRORBUFFER, where libcurl writes the specific reason of a failure.
    let errorBuffer: UnsafeMutablePointer<CChar>

    init(sink: Sink, cancellation: CancellationFlag?, handle: EasyHandle) {
        self.sink = sink
        self.cancellation = cancellation
        self.handle = handle
        let size = cs_error_buffer_size()
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit { errorBuffer.deallocate() }

    var responseStarted: Bool { parser.receivedAnything }

    /// Whether a cancellation flag is attached (the progress callback is only installed then).
    var isCancellable: Bool { cancellation != nil }

    var errorText: String { String(cString: errorBuffer) }

    /// The final response head: parsed status line and fields, or libcurl's own record of the
    /// status (CURLINFO_RESPONSE_CODE) if no status line could be parsed.
    var head: HTTPResponseHead {
        if let cachedHead { return cachedHead }
        let status = parser.status ?? handle.info(long: CURLINFO_RESPONSE_CODE)
        let head = HTTPResponseHead(status: status, headers: parser.headers)
        if parser.isComplete { cachedHead = head }
        return head
    }

    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        parser.consume(line: line)
    }

    /// Returns false to make libcurl abort the transfer.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        bodyByteCount += chunk.count
        switch sink {
        case .collect:
            if body.isEmpty, let announced = head.headers[first: "Content-Length"].flatMap(Int.init),
                !head.headers.contains("Content-Encoding")
            {
                // One allocation for the whole body when its size is announced (capped: a wrong
                // announcement must not reserve gigabytes).
                body.reserveCapacity(min(announced, 64 << 20))
            }
            // Through a typed buffer pointer: Array takes its bulk-copy path for it.
            body.append(contentsOf: UnsafeBufferPointer(
                start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: chunk.count))
            return true
        case .stream(let handler):
            do {
                try handler(head, chunk)
                return true
            } catch {
                handlerError = error
                return false
            }
        }
    }

    /// Returns true to make libcurl abort the transfer (CURLE_ABORTED_BY_CALLBACK).
    func shouldAbort() -> Bool {
        if cancellation?.isCancelled == true {
            wasCancelled = true
            return true
        }
        return false
    }
}
