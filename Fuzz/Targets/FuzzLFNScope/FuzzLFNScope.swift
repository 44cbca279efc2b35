// libFuzzer target: LFN normalisation and scope extraction, as the catalog runs them on every LFN argument:
// `LFNArgument(_:limits:)` / `LFNArgument.normalise` / `POSIXPath`, then `ScopeAlgorithm.*.extract`,
// `validateName` (both schemas) and `validateScope`, and every error text they produce.
//
// Input: byte 0 is control (bit 0: a 64-byte per-LFN limit, to reach the "oversized" path; bit 1: add a
// non-string list item), the rest UTF-8 text (invalid bytes replaced), one LFN per line (at most 16 lines).
// Checked beyond "no crash": `POSIXPath.normpath` is idempotent (as Python's is).
import DIRACWire
import OrderedCollections
import ScopeAlgorithms
import CFuzzerDriver
import FuzzSupport

func exercise(_ lfn: String) {
    let normalised = LFNArgument.normalise(lfn)
    check(POSIXPath.normpath(normalised) == normalised, "normpath is not idempotent on \(normalised.debugDescription)")
    _ = POSIXPath.dirname(normalised)
    _ = POSIXPath.basename(normalised)
    for algorithm in ScopeAlgorithm.allCases {
        // ctao_bdms also on the raw text: it handles the `scope:` prefix that normalisation would mangle.
        for candidate in algorithm == .ctaoBDMS ? [lfn, normalised] : [normalised] {
            do {
                let did = try algorithm.extract(candidate)
                _ = did.hashValue
                if let problem = validateScope(did.scope) { _ = problem.reason }
                if algorithm == .ctaoBDMS {
                    for problem in nameProblems(did.name, schema: .ctaoBDMS) { _ = problem.reason }
                }
            } catch {
                _ = error.description  // pythonExceptionType + message (pythonRepr of the DID)
                _ = error.hashValue
            }
        }
    }
    for problem in nameProblems(lfn, schema: .generic) { _ = problem.reason; _ = problem.schemaKeyword }
    for problem in scopeProblems(lfn) { _ = problem.description }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let limits = data[0] & 1 == 0 ? LFNArgument.Limits.default : LFNArgument.Limits(maximumLFNLength: 64, maximumCount: 8)
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let lines = Array(text.split(separator: "\n", omittingEmptySubsequences: false).prefix(16).map(String.init))
    for line in lines { exercise(line) }

    // The three shapes checkArgumentFormat accepts (a string is the one-line case), and one it refuses.
    var arguments: [DIRACValue] = [
        .list(lines.map { .string($0) }),
        .dict(.init(lines.map { ($0, DIRACValue.bool(true)) }, uniquingKeysWith: { $1 })),
    ]
    if lines.count == 1 { arguments.append(.string(lines[0])) }
    if data[0] & 2 != 0 { arguments.append(.list(lines.map { .string($0) } + [.int(1)])) }
    for argument in arguments {
        do {
            let parsed = try LFNArgument(argument, limits: limits)
            for entry in parsed.entries.values {
                check(!entry.callerKeys.isEmpty, "an entry without the caller's key")
                if entry.oversized {
                    check(entry.lfn.utf8.count > limits.maximumLFNLength, "a short LFN marked oversized")
                    _ = LFNArgument.oversizeProblem(entry, limit: limits.maximumLFNLength)
                } else if let did = try? ScopeAlgorithm.ctaoBDMS.extract(entry.lfn) {
                    _ = validateName(did.name)
                    _ = validateScope(did.scope)
                }
            }
        } catch {
            _ = error.description
        }
    }
    return 0
}

/// The process entry point. SwiftPM links every executable with `--defsym main=FuzzLFNScope_main` (its testable-executable
/// renaming), so libFuzzer's own `main` is never used: this hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzLFNScope_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return withUnsafePointer(to: 0 as UInt8) { fuzz($0, 0) } }
        return fuzz(data, size)
    }
}
