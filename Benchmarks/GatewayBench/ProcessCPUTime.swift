#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// CPU time (user + system) consumed by a process, in seconds.
enum ProcessCPUTime {
    /// Of process `pid`, from fields 14 (utime) and 15 (stime) of `/proc/PID/stat`, which count
    /// clock ticks of `sysconf(_SC_CLK_TCK)`. Nil if the process or the file is not there.
    static func seconds(ofProcess pid: Int32) -> Double? {
        guard let text = readSmallFile("/proc/\(pid)/stat"),
            let closing = text.lastIndex(of: ")")
        else { return nil }
        // The command name (field 2) may contain spaces and parentheses; fields after the last
        // ")" start with field 3 (state).
        let fields = text[text.index(after: closing)...].split(separator: " ")
        guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard ticksPerSecond > 0 else { return nil }
        return (utime + stime) / ticksPerSecond
    }

    /// Of this process (getrusage), to compare the client's cost with the server's.
    static func seconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
