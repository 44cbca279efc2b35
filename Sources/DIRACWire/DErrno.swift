#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The error numbers DIRAC callers test for (`DIRACCommon/Core/Utilities/DErrno.py`): POSIX ones, compared
/// with `DErrno.cmpError`, and DIRAC's own above 1000.
public enum DErrno {
    public static let ENOENT: Int32 = 2
    public static let EACCES: Int32 = 13
    public static let EEXIST: Int32 = 17
    public static let EINVAL: Int32 = 22
    public static let ENOSYS: Int32 = 38
    public static let ETIMEDOUT: Int32 = 110
    /// "FileCatalog error", what `FileCatalog` reports when no catalog answered.
    public static let EFCERR: Int32 = 1604

    /// DIRAC's texts for its own codes (`DErrno.dStrError`); POSIX codes use the C library, as Python's
    /// `os.strerror` does.
    static let diracMessages: [Int32: String] = [
        1604: "FileCatalog error",
    ]

    /// `DErrno.strerror(code)`.
    public static func strerror(_ code: Int32) -> String {
        if let message = diracMessages[code] { return message }
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        if code > 0 && code < 1000, let text = strerror_r_string(code) { return text }
        #endif
        return "Unknown error \(code)"
    }

    private static func strerror_r_string(_ code: Int32) -> String? {
        // Swift imports the XSI `strerror_r` (returns 0 and fills the buffer); it is thread-safe, unlike `strerror`.
        var buffer = [CChar](repeating: 0, count: 256)
        guard strerror_r(code, &buffer, buffer.count) == 0 else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
