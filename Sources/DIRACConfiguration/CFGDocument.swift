/// A document in DIRAC's CFG format (the `diraccfg` package: `dirac.cfg`, the Configuration Service's data),
/// parsed as `diraccfg.CFG.loadFromBuffer` parses it: one entry per line, `Name {` … `}` sections (the brace
/// may stand on the next line), `key = value` options (the value is everything after the first `=`),
/// `key += value` appending `, value` to an option already set, and `#` comment lines.
public struct CFGSection: Sendable, Hashable {
    /// Options in file order; setting an option again replaces its value in place.
    public private(set) var options: [(name: String, value: String)] = []
    /// Subsections in file order.
    public private(set) var sections: [(name: String, section: CFGSection)] = []

    public init() {}

    /// The raw value of an option.
    public func value(_ name: String) -> String? {
        options.first { $0.name == name }?.value
    }

    /// An option as DIRAC's `gConfig.getValue(path, [])` reads a list: split on commas, blanks dropped
    /// (`List.fromChar`).
    public func list(_ name: String) -> [String] {
        guard let raw = value(name) else { return [] }
        return raw.split(separator: ",", omittingEmptySubsequences: false)
            .map { Self.stripped($0) }
            .filter { !$0.isEmpty }
    }

    public func section(_ name: String) -> CFGSection? {
        sections.first { $0.name == name }?.section
    }

    /// The section at a `/`-separated path (`Registry/Users`).
    public func section(atPath path: String) -> CFGSection? {
        var current: CFGSection? = self
        for part in path.split(separator: "/") {
            current = current?.section(String(part))
        }
        return current
    }

    mutating func setOption(_ name: String, _ value: String) {
        if let index = options.firstIndex(where: { $0.name == name }) {
            options[index].value = value
        } else {
            options.append((name, value))
        }
    }

    /// `diraccfg`'s `appendToOption`, which the parser calls with `", " + value`.
    mutating func appendToOption(_ name: String, _ suffix: String) -> Bool {
        guard let index = options.firstIndex(where: { $0.name == name }) else { return false }
        options[index].value += suffix
        return true
    }

    static func stripped(_ text: Substring) -> String {
        var view = text
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }

    public static func == (lhs: CFGSection, rhs: CFGSection) -> Bool {
        lhs.options.elementsEqual(rhs.options, by: { $0 == $1 })
            && lhs.sections.elementsEqual(rhs.sections, by: { $0.name == $1.name && $0.section == $1.section })
    }

    public func hash(into hasher: inout Hasher) {
        for option in options {
            hasher.combine(option.name)
            hasher.combine(option.value)
        }
        for section in sections {
            hasher.combine(section.name)
            hasher.combine(section.section)
        }
    }
}

/// Why a CFG text cannot be read, with the line, as `diraccfg` refuses it.
public struct CFGSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "CFG line \(line): \(reason)" }
}

extension CFGSection {
    /// Parses CFG text. Syntax errors that `diraccfg` raises (more `}` than `{`, unclosed sections, a section
    /// defined twice, `+=` on an option not set yet, an empty name) are errors here too.
    public init(parsing text: String) throws(CFGSyntaxError) {
        // The open sections, innermost last; the root is index 0.
        var stack: [(name: String, section: CFGSection)] = [("", CFGSection())]
        var pending = ""
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Self.stripped(rawLine)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var index = line.startIndex
            while index < line.endIndex {
                let character = line[index]
                if character == "{" {
                    let name = Self.stripped(Substring(pending))
                    guard !name.isEmpty else { throw CFGSyntaxError(line: lineNumber, reason: "a section without a name") }
                    guard stack[stack.count - 1].section.section(name) == nil else {
                        throw CFGSyntaxError(line: lineNumber, reason: "section \(name) is defined twice")
                    }
                    stack.append((name, CFGSection()))
                    pending = ""
                } else if character == "}" {
                    guard stack.count > 1 else {
                        throw CFGSyntaxError(line: lineNumber, reason: "more sections closed than opened")
                    }
                    let closed = stack.removeLast()
                    stack[stack.count - 1].section.sections.append((closed.name, closed.section))
                } else if character == "=" {
                    // diraccfg splits the whole line on "=": the name is all before the first one.
                    let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    let name = Self.stripped(parts[0])
                    guard !name.isEmpty else { throw CFGSyntaxError(line: lineNumber, reason: "an option without a name") }
                    stack[stack.count - 1].section.setOption(name, parts.count > 1 ? Self.stripped(parts[1]) : "")
                    pending = ""
                    break
                } else if line[index...].hasPrefix("+=") {
                    let parts = line.split(separator: "+=", maxSplits: 1, omittingEmptySubsequences: false)
                    let name = Self.stripped(parts[0])
                    let value = parts.count > 1 ? Self.stripped(parts[1]) : ""
                    guard stack[stack.count - 1].section.appendToOption(name, ", " + value) else {
                        throw CFGSyntaxError(line: lineNumber, reason: "option \(name) is appended to before it is set")
                    }
                    pending = ""
                    break
                } else {
                    pending.append(character)
                }
                index = line.index(after: index)
            }
        }
        guard stack.count == 1 else {
            throw CFGSyntaxError(line: lineNumber, reason: "section \(stack[stack.count - 1].name) is never closed")
        }
        self = stack[0].section
    }
}
