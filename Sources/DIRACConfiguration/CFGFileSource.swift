import DIRACAuth

#if canImport(Glibc)
import Glibc
#endif

/// A DIRAC CFG file holding a `Registry` section (a dump of the Configuration Service, or the CS master's own
/// data file), re-read when its modification time or size changes.
public struct CFGFileSource: RegistrySource {
    public let path: String
    /// Larger files are refused (a Registry of 100,000 users is a few tens of MB).
    public static let maximumBytes = 256 << 20

    public init(path: String) {
        self.path = path
    }

    public var description: String { "CFG file \(path)" }

    public func fetch(newerThan version: String?) async throws(RegistrySourceError) -> (registry: DIRACRegistry, version: String)? {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure("cannot stat: \(String(cString: strerror(errno)))") }
        let current = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)/\(info.st_size)"
        if current == version { return nil }
        let text = try read()
        do {
            return (try DIRACRegistry(cfgText: text), current)
        } catch {
            throw failure("\(error)")
        }
    }

    private func read() throws(RegistrySourceError) -> String {
        guard let file = fopen(path, "r") else { throw failure("cannot open: \(String(cString: strerror(errno)))") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[..<count]
            if bytes.count > Self.maximumBytes { throw failure("larger than \(Self.maximumBytes) bytes") }
        }
        if ferror(file) != 0 { throw failure("read error") }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func failure(_ reason: String) -> RegistrySourceError {
        RegistrySourceError(source: description, reason: reason)
    }
}
