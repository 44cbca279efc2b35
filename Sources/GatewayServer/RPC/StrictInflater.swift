import CZlib
import NIOCore

/// Inflates a gzip or zlib ("deflate") request body with zlib itself, refusing everything that is not exactly one
/// complete stream: a body cut before the gzip trailer (CRC-32 and size) or the zlib Adler-32, a bare header, garbage,
/// data after the end of the stream (trailing bytes or a second gzip member), and an empty body. Tornado's
/// `decompress_request` hands such bodies on half-decoded; a catalog call must never run on part of its arguments.
enum StrictInflater {
    enum Format {
        /// RFC 1952, one member (windowBits 15 + 16: gzip only, not zlib auto-detection).
        case gzip
        /// RFC 1950, what HTTP calls `deflate`.
        case zlib

        var windowBits: Int32 { self == .gzip ? 15 + 16 : 15 }
        var name: String { self == .gzip ? "gzip" : "deflate" }
    }

    enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case truncated(format: String)
        case corrupt(format: String, detail: String)
        case trailingData(format: String, bytes: Int)
        case tooLarge(limit: Int)

        var description: String {
            switch self {
            case .truncated(let format):
                "the \(format) body ends before its stream does (cut before the end of the data or the checksum trailer)"
            case .corrupt(let format, let detail): "the \(format) body is not valid \(format) data (\(detail))"
            case .trailingData(let format, let bytes):
                "\(bytes) bytes follow the end of the \(format) stream (a second member or trailing garbage)"
            case .tooLarge(let limit): "Request body larger than \(limit) bytes once decompressed"
            }
        }
    }

    /// The inflated body, at most `maxSize` bytes.
    static func inflate(_ body: ByteBuffer, format: Format, maxSize: Int) throws(Failure) -> ByteBuffer {
        var stream = z_stream()
        guard inflateInit2_(&stream, format.windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt(format: format.name, detail: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var input = Array(body.readableBytesView)
        var output = ByteBuffer()
        let chunk = 1 << 16
        var ended = false
        let outcome: Failure? = input.withUnsafeMutableBufferPointer { inputBytes -> Failure? in
            stream.next_in = inputBytes.baseAddress
            stream.avail_in = UInt32(inputBytes.count)
            var scratch = [UInt8](repeating: 0, count: chunk)
            while !ended {
                let produced: Int
                let status: Int32 = scratch.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                produced = chunk - Int(stream.avail_out)
                if output.readableBytes + produced > maxSize { return .tooLarge(limit: maxSize) }
                output.writeBytes(scratch[..<produced])
                switch status {
                case Z_STREAM_END:
                    ended = true
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible although the output had room: the input is used up mid-stream.
                    return stream.avail_in == 0
                        ? .truncated(format: format.name) : .corrupt(format: format.name, detail: "no progress")
                case Z_NEED_DICT:
                    return .corrupt(format: format.name, detail: "a preset dictionary is required")
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    return .corrupt(format: format.name, detail: detail)
                }
                if !ended, stream.avail_in == 0, produced < chunk {
                    // All input consumed, output not full, stream not ended: cut short.
                    return .truncated(format: format.name)
                }
            }
            if stream.avail_in > 0 { return .trailingData(format: format.name, bytes: Int(stream.avail_in)) }
            return nil
        }
        if let outcome { throw outcome }
        return output
    }
}
