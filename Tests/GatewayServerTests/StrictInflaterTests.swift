import NIOCore
import Testing

@testable import GatewayServer

@Suite("StrictInflater: exactly one complete gzip or zlib stream, or a refusal saying why")
struct StrictInflaterTests {
    static let text = ByteBuffer(string: "method=exists&args=" + String(repeating: "%5B%22%2Fctao%2Fx%22%5D", count: 200))

    static func gzip(_ buffer: ByteBuffer = text) throws -> [UInt8] {
        Array(try BodyCompression.gzip(buffer).readableBytesView)
    }

    static func inflate(_ bytes: [UInt8], _ format: StrictInflater.Format = .gzip, max: Int = 1 << 20) throws(StrictInflater.Failure) -> ByteBuffer {
        try StrictInflater.inflate(ByteBuffer(bytes: bytes), format: format, maxSize: max)
    }

    @Test("a complete gzip member inflates to the original body")
    func complete() throws {
        #expect(try Self.inflate(try Self.gzip()) == Self.text)
    }

    @Test("a gzip body cut before its CRC/size trailer is refused as truncated")
    func cutBeforeTrailer() throws {
        let whole = try Self.gzip()
        #expect(throws: StrictInflater.Failure.truncated(format: "gzip")) { try Self.inflate(Array(whole.dropLast(8))) }
        #expect(throws: StrictInflater.Failure.truncated(format: "gzip")) { try Self.inflate(Array(whole.dropLast(3))) }
        #expect(throws: StrictInflater.Failure.truncated(format: "gzip")) { try Self.inflate(Array(whole.prefix(whole.count / 2))) }
    }

    @Test("a bare 10-byte gzip header and an empty body are truncated streams, not empty bodies")
    func bareHeaderAndEmpty() throws {
        let header = Array(try Self.gzip().prefix(10))
        #expect(throws: StrictInflater.Failure.truncated(format: "gzip")) { try Self.inflate(header) }
        #expect(throws: StrictInflater.Failure.truncated(format: "gzip")) { try Self.inflate([]) }
    }

    @Test("garbage is corrupt data")
    func garbage() {
        #expect {
            try Self.inflate(Array("this is not gzip at all".utf8))
        } throws: { error in
            if case StrictInflater.Failure.corrupt(format: "gzip", _) = error { return true }
            return false
        }
    }

    @Test("trailing garbage and a second gzip member are refused")
    func trailingData() throws {
        let whole = try Self.gzip()
        #expect(throws: StrictInflater.Failure.trailingData(format: "gzip", bytes: 5)) { try Self.inflate(whole + Array("xxxxx".utf8)) }
        #expect(throws: StrictInflater.Failure.trailingData(format: "gzip", bytes: whole.count)) { try Self.inflate(whole + whole) }
    }

    @Test("HTTP deflate (a zlib stream) inflates; cut before its Adler-32 it is truncated")
    func zlibStream() throws {
        var input = Self.text
        let zlib = Array(try input.compress(with: .zlib()).readableBytesView)
        #expect(try Self.inflate(zlib, .zlib) == Self.text)
        #expect(throws: StrictInflater.Failure.truncated(format: "deflate")) { try Self.inflate(Array(zlib.dropLast(2)), .zlib) }
    }

    @Test("a body inflating past the limit stops at the limit with 413's message")
    func bomb() throws {
        let zeros = ByteBuffer(repeating: 0x41, count: 4 << 20)
        let bomb = try Self.gzip(zeros)
        #expect(bomb.count < 64 << 10)
        #expect(throws: StrictInflater.Failure.tooLarge(limit: 1 << 20)) { try Self.inflate(bomb) }
        #expect(StrictInflater.Failure.tooLarge(limit: 10).description == "Request body larger than 10 bytes once decompressed")
    }
}
