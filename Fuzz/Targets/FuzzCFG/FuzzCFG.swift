// libFuzzer target: DIRAC's CFG parser, `CFGSection(parsing:)` (what the Configuration Service and dirac.cfg
// files are read with), then the accessors the registry loader uses.
import DIRACConfiguration
import CFuzzerDriver
import FuzzSupport

func walk(_ section: CFGSection, depth: Int) {
    _ = section.hashValue
    for option in section.options {
        _ = section.value(option.name)
        _ = section.list(option.name)
    }
    guard depth < 64 else { return }
    for (name, child) in section.sections {
        check(section.section(name) != nil, "a parsed subsection cannot be found by name")
        walk(child, depth: depth + 1)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let cfg: CFGSection
    do {
        cfg = try CFGSection(parsing: text)
    } catch {
        _ = error.description
        return 0
    }
    walk(cfg, depth: 0)
    for path in ["Registry/Users", "Registry/Groups", "Registry/Hosts", "Registry/VO", "DIRAC"] {
        if let section = cfg.section(atPath: path) { walk(section, depth: 0) }
    }
    check(cfg == cfg, "a parsed CFG is not equal to itself")
    return 0
}

/// The process entry point. SwiftPM links every executable with `--defsym main=FuzzCFG_main` (its testable-executable
/// renaming), so libFuzzer's own `main` is never used: this hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzCFG_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return withUnsafePointer(to: 0 as UInt8) { fuzz($0, 0) } }
        return fuzz(data, size)
    }
}
