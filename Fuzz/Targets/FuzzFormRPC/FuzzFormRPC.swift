// libFuzzer target: the Tornado RPC form decoder (`FormURLEncoding.decode`, `RPCRequest(formBody:query:)`).
//
// Input: the raw (already inflated) POST body. If it holds a NUL byte, what comes before the first NUL is the
// URL query string and the rest the body (Tornado reads `method` from both).
//
// Checked beyond "no crash": encoding decoded fields and decoding again gives the same fields, and an
// RPCRequest that decodes re-encodes (`formBody()`) to a body that decodes to the same call.
import DIRACWire
import CFuzzerDriver
import FuzzSupport

/// A collection without contiguous storage, to reach `decode`'s generic fallback path.
struct Scattered: Collection {
    let base: UnsafeBufferPointer<UInt8>
    var startIndex: Int { base.startIndex }
    var endIndex: Int { base.endIndex }
    func index(after index: Int) -> Int { index + 1 }
    subscript(position: Int) -> UInt8 { base[position] }
}

func same(_ lhs: [(name: String, value: String)], _ rhs: [(name: String, value: String)]) -> Bool {
    lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    var query: String?
    var body = input
    if let nul = input.firstIndex(of: 0) {
        query = String(decoding: UnsafeBufferPointer(rebasing: input[..<nul]), as: UTF8.self)
        body = UnsafeBufferPointer(rebasing: input[(nul + 1)...])
    }

    let fields = FormURLEncoding.decode(body)
    if body.count <= 4096 {
        let generic = FormURLEncoding.decode(Scattered(base: body))
        check(same(fields, generic), "contiguous and generic decode differ")
    }
    let reencoded = FormURLEncoding.decode(Array(FormURLEncoding.encode(fields).utf8))
    check(same(fields, reencoded), "decode(encode(fields)) != fields")

    guard let request = try? RPCRequest(formBody: body, query: query) else { return 0 }
    _ = request.hashValue
    for argument in request.arguments { _ = argument.pythonRepr }
    let again: RPCRequest
    do {
        again = try RPCRequest(formBody: Array(request.formBody().utf8))
    } catch {
        failCheck("formBody() of a decoded request does not decode: \(error)")
    }
    check(again.method == request.method, "method changed in the round trip")
    check(again.arguments == request.arguments, "arguments changed in the round trip")
    check(again.extraCredentials == request.extraCredentials, "extraCredentials changed in the round trip")
    check(again.rawContent == request.rawContent, "rawContent changed in the round trip")
    return 0
}

/// The process entry point. SwiftPM links every executable with `--defsym main=FuzzFormRPC_main` (its testable-executable
/// renaming), so libFuzzer's own `main` is never used: this hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzFormRPC_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return withUnsafePointer(to: 0 as UInt8) { fuzz($0, 0) } }
        return fuzz(data, size)
    }
}
