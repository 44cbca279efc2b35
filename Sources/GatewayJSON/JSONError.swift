/// Why a text is not valid JSON, with jansson's own message and position (1-based line and column).
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    /// Byte offset in the input.
    public var position: Int

    public init(message: String, line: Int = 0, column: Int = 0, position: Int = 0) {
        self.message = message
        self.line = line
        self.column = column
        self.position = position
    }

    public var description: String {
        line > 0 ? "\(message) (line \(line), column \(column))" : message
    }
}
