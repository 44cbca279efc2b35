/// The directories a query's directory keys select, as the DFC's `findDirIDsByMetadata` leaves them: every
/// directory below one of `include` (inclusive), except those below one of `exclude` (what `Missing` takes
/// out). `all` is the DFC's `Selection = "All"`: no directory key and the path `/`.
public struct DirectorySelection: Sendable, Hashable {
    public var include: [String]
    public var exclude: [String]
    public var isAll: Bool

    public init(include: [String], exclude: [String] = [], isAll: Bool = false) {
        self.include = Self.minimal(include)
        self.exclude = Self.minimal(exclude)
        self.isAll = isAll
    }

    public static let all = DirectorySelection(include: ["/"], isAll: true)

    /// The DFC's `Selection = "None"`: directory keys were given and no directory satisfies them.
    public var isEmpty: Bool { include.isEmpty }

    public static func isUnder(_ path: String, _ root: String) -> Bool {
        root == "/" || path == root || (path.hasPrefix(root) && path.utf8.dropFirst(root.utf8.count).first == UInt8(ascii: "/"))
    }

    /// Whether a directory is selected.
    public func contains(directory path: String) -> Bool {
        include.contains { Self.isUnder(path, $0) } && !exclude.contains { Self.isUnder(path, $0) }
    }

    /// Whether a file's directory is selected (the DFC returns the files *in* the selected directories).
    public func contains(file lfn: String) -> Bool {
        contains(directory: NamespacePath.parent(of: lfn))
    }

    /// Both selections at once (the query's keys are ANDed).
    public func intersection(_ other: DirectorySelection) -> DirectorySelection {
        if isAll { return other }
        if other.isAll { return self }
        var include: [String] = []
        for root in self.include where other.include.contains(where: { Self.isUnder(root, $0) }) { include.append(root) }
        for root in other.include where self.include.contains(where: { Self.isUnder(root, $0) }) { include.append(root) }
        return DirectorySelection(include: include, exclude: exclude + other.exclude)
    }

    /// The roots that are not below another root, sorted.
    static func minimal(_ roots: [String]) -> [String] {
        let sorted = Set(roots).sorted()
        var kept: [String] = []
        for root in sorted where !kept.contains(where: { isUnder(root, $0) }) { kept.append(root) }
        return kept
    }
}
