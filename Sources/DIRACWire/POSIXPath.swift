/// Path helpers with the exact semantics of Python's `posixpath`, which DIRAC uses on LFNs.
public enum POSIXPath {
    /// `os.path.normpath` on POSIX: collapses `//` and `/./`, resolves `..`, drops a trailing `/`;
    /// keeps exactly two leading slashes (POSIX leaves `//` implementation-defined), and gives `.` for "".
    public static func normpath(_ path: String) -> String {
        if path.isEmpty { return "." }
        let initialSlashes: Int
        if path.hasPrefix("/") {
            initialSlashes = path.hasPrefix("//") && !path.hasPrefix("///") ? 2 : 1
        } else {
            initialSlashes = 0
        }
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) where component != "." {
            if component != ".." || (initialSlashes == 0 && components.isEmpty) || components.last == ".." {
                components.append(component)
            } else if !components.isEmpty {
                components.removeLast()
            }
        }
        let joined = String(repeating: "/", count: initialSlashes) + components.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// `os.path.dirname`.
    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let head = path[...slash]
        if head.allSatisfy({ $0 == "/" }) { return String(head) }
        return String(head.dropLast(head.reversed().prefix(while: { $0 == "/" }).count))
    }

    /// `os.path.basename`.
    public static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
