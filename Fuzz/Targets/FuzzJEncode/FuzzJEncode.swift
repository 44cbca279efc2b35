// libFuzzer target: `JEncode.decode(_:)` on bytes (JSON through jansson, then DIRAC's `__dCls` tags).
//
// Checked beyond "no crash": a decoded value encodes and decodes back to itself.
import DIRACWire
import GatewayJSON
import CFuzzerDriver
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let value: DIRACValue
    do {
        value = try JEncode.decode(bytes)
    } catch {
        _ = error.description
        return 0
    }
    _ = value.pythonRepr
    _ = value.hashValue
    let encoded = JEncode.encode(value)
    do {
        let again = try JEncode.decode(encoded)
        check(again == value, "decode(encode(v)) != v for \(String(decoding: encoded.prefix(256), as: UTF8.self))")
    } catch {
        failCheck("JEncode.encode output does not decode: \(error)")
    }
    // The form-field path: the same document as text.
    _ = try? JEncode.decode(String(decoding: bytes, as: UTF8.self))
    return 0
}

/// The process entry point. SwiftPM links every executable with `--defsym main=FuzzJEncode_main` (its testable-executable
/// renaming), so libFuzzer's own `main` is never used: this hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzJEncode_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return withUnsafePointer(to: 0 as UInt8) { fuzz($0, 0) } }
        return fuzz(data, size)
    }
}
