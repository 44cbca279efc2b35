// libFuzzer target: the gzip/deflate request-body path, `StrictInflater.inflate(_:format:maxSize:)`.
//
// StrictInflater is internal to GatewayServer, so this target compiles GatewayServer/RPC/StrictInflater.swift
// itself (a symlink in this directory; it needs only CZlib and NIOCore).
//
// Byte 0 is control: bit 0 picks the format (gzip or zlib), bits 1-3 the limit (1 B ... 1 MiB), bit 4 the mode.
//
// * Raw mode (bit 4 clear): the rest is the body, as a client sent it. Checked beyond "no crash": the result never
//   exceeds the limit, and a body accepted under a limit is accepted, identically, under 1 MiB.
// * Round-trip mode (bit 4 set): zlib itself is not instrumented, so mutating compressed bytes rarely gets past
//   its checks into a long valid stream. Here the harness compresses a plaintext the fuzzer chooses, so valid
//   streams of any size up to 1.5 MiB (several of the inflater's 64 KiB output chunks, either side of every limit)
//   and of every compression level are inflated, and the answer is known exactly. Byte 1: bits 0-1 damage
//   (none, cut 1-4 bytes of the checksum trailer, append 1-4 bytes), bits 2-3 level (0, 1, 6, 9), bits 4-7 r;
//   byte 2: the damage length; the rest is a pattern, repeated 2^r times (at most 128 KiB past the limit, and
//   1.5 MiB) to make the plaintext.
//   Checked: undamaged, the plaintext comes back exactly when it fits the limit, else `tooLarge`; cut, `truncated`;
//   with bytes appended, `trailingData` with their count (and `tooLarge` for a plaintext past the limit).
import CZlib
import Glibc
import NIOCore
import CFuzzerDriver
import FuzzSupport

let limits = [1, 64, 1024, 16 * 1024, 64 * 1024, 65 * 1024, 256 * 1024, 1024 * 1024]
let largestPlaintext = 1536 * 1024

/// zlib's own compressor, one complete stream in `format`.
func compress(_ plain: [UInt8], format: StrictInflater.Format, level: Int32) -> [UInt8] {
    var stream = z_stream()
    let started = deflateInit2_(
        &stream, level, Z_DEFLATED, format.windowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    check(started == Z_OK, "deflateInit2 failed: \(started)")
    defer { deflateEnd(&stream) }
    var input = plain
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(plain.count))) + 64)
    let outputCount = output.count
    let status = input.withUnsafeMutableBufferPointer { inputBytes in
        output.withUnsafeMutableBufferPointer { outputBytes in
            stream.next_in = inputBytes.baseAddress
            stream.avail_in = UInt32(inputBytes.count)
            stream.next_out = outputBytes.baseAddress
            stream.avail_out = UInt32(outputBytes.count)
            return deflate(&stream, Z_FINISH)
        }
    }
    check(status == Z_STREAM_END, "deflate did not finish in deflateBound bytes: \(status)")
    return Array(output.prefix(outputCount - Int(stream.avail_out)))
}

/// Byte equality by memcmp (an element-by-element loop would spend the run in coverage callbacks on 1.5 MiB).
func same(_ buffer: ByteBuffer, _ bytes: [UInt8]) -> Bool {
    buffer.readableBytes == bytes.count
        && buffer.withUnsafeReadableBytes { lhs in
            bytes.withUnsafeBytes { rhs in lhs.count == 0 || memcmp(lhs.baseAddress!, rhs.baseAddress!, lhs.count) == 0 }
        }
}

func roundTrip(_ data: UnsafeBufferPointer<UInt8>, format: StrictInflater.Format, maxSize: Int) {
    guard data.count >= 2 else { return }
    let damage = data[0] & 3
    let level: Int32 = [0, 1, 6, 9][Int(data[0] >> 2) & 3]
    let length = 1 + Int(data[1] % 4)
    let pattern = Array(data[2...])
    var plain: [UInt8] = []
    if !pattern.isEmpty {
        // Two output chunks past the limit at most: enough to cross it, and cheap for the small limits.
        let size = min(pattern.count << Int(data[0] >> 4), maxSize + 2 * 64 * 1024, largestPlaintext)
        plain.reserveCapacity(size)
        plain += pattern
        while plain.count < size { plain += plain.prefix(size - plain.count) }  // doubling: a few memcpy
    }
    var body = compress(plain, format: format, level: level)
    switch damage {
    case 1: body.removeLast(length)  // within the trailer: gzip's is 8 bytes (CRC-32, size), zlib's 4 (Adler-32)
    case 2, 3: body += [UInt8](repeating: data[1], count: length)
    default: break
    }
    let fits = plain.count <= maxSize
    do {
        let inflated = try StrictInflater.inflate(ByteBuffer(bytes: body), format: format, maxSize: maxSize)
        check(damage == 0, "a \(damage == 1 ? "cut" : "trailing-data") body of \(plain.count) bytes was accepted")
        check(fits, "\(plain.count) bytes accepted under the limit \(maxSize)")
        check(same(inflated, plain), "inflated \(inflated.readableBytes) bytes that are not the \(plain.count) compressed")
    } catch {
        let expected: StrictInflater.Failure? =
            !fits ? .tooLarge(limit: maxSize)
            : damage == 1 ? .truncated(format: format.name)
            : damage >= 2 ? .trailingData(format: format.name, bytes: length) : nil
        check(error == expected, "\(plain.count) bytes, level \(level), damage \(damage), limit \(maxSize): \(error), expected \(expected.map { "\($0)" } ?? "success")")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let control = data[0]
    let format: StrictInflater.Format = control & 1 == 0 ? .gzip : .zlib
    let maxSize = limits[Int(control >> 1) & 7]
    if control & 0x10 != 0 {
        roundTrip(UnsafeBufferPointer(start: data + 1, count: size - 1), format: format, maxSize: maxSize)
        return 0
    }
    let body = ByteBuffer(bytes: UnsafeBufferPointer(start: data + 1, count: size - 1))
    let inflated: ByteBuffer
    do {
        inflated = try StrictInflater.inflate(body, format: format, maxSize: maxSize)
    } catch {
        _ = error.description
        return 0
    }
    check(inflated.readableBytes <= maxSize, "inflated \(inflated.readableBytes) bytes past the limit \(maxSize)")
    if maxSize < 1024 * 1024 {
        do {
            let larger = try StrictInflater.inflate(body, format: format, maxSize: 1024 * 1024)
            check(larger == inflated, "a larger limit changed the inflated body")
        } catch {
            failCheck("accepted under \(maxSize) bytes, refused under 1 MiB: \(error)")
        }
    }
    return 0
}

/// The process entry point. SwiftPM links every executable with `--defsym main=FuzzInflate_main` (its testable-executable
/// renaming), so libFuzzer's own `main` is never used: this hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzInflate_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return withUnsafePointer(to: 0 as UInt8) { fuzz($0, 0) } }
        return fuzz(data, size)
    }
}
