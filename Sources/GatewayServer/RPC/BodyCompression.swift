import CompressNIO
import NIOCore

/// Tornado's `compress_response=True` / `decompress_request=True`: gzip answers for clients that accept it,
/// and gzip or deflate request bodies.
enum BodyCompression {
    /// Gzip at zlib level 1: most of the size gain on JSON listings for a fraction of level 6's CPU.
    static func gzip(_ body: ByteBuffer) throws -> ByteBuffer {
        var input = body
        return try input.compress(with: .gzip(configuration: .init(compressionLevel: .fastestCompression)))
    }

    /// Decodes a `Content-Encoding` of `gzip` or `deflate` (zlib stream, as HTTP means it), bounded by `maxSize`,
    /// refusing anything but exactly one complete stream (`StrictInflater`).
    static func decode(_ body: ByteBuffer, contentEncoding: String, maxSize: Int) throws -> ByteBuffer {
        switch contentEncoding.lowercased().trimmingCharacters(in: " ") {
        case "gzip", "x-gzip": return try StrictInflater.inflate(body, format: .gzip, maxSize: maxSize)
        case "deflate": return try StrictInflater.inflate(body, format: .zlib, maxSize: maxSize)
        case "identity", "": return body
        default: throw UnsupportedEncoding(name: contentEncoding)
        }
    }

    struct UnsupportedEncoding: Error, CustomStringConvertible {
        var name: String
        var description: String { "unsupported Content-Encoding '\(name)'" }
    }

    /// Whether an `Accept-Encoding` value allows gzip (`q=0` excludes it).
    static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        return acceptEncoding.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: " ") }
            guard let coding = parts.first?.lowercased(), coding == "gzip" || coding == "*" else { return false }
            return !parts.dropFirst().contains { $0.replacingSpaces() == "q=0" || $0.replacingSpaces() == "q=0.0" }
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { filter { $0 != " " } }
}
