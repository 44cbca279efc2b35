/// Splits a byte stream of newline-delimited JSON (Rucio's `application/x-json-stream`) into documents as
/// the bytes arrive, so a listing of a million DIDs never sits in memory whole: only the current partial
/// line is kept between chunks.
public struct NDJSONLineReader: Sendable {
    private var pending: [UInt8] = []
    /// Documents handed out so far.
    public private(set) var documentCount = 0

    public init() {}

    /// Feeds one chunk; calls `body` for every complete line (blank lines are skipped).
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (JSON) throws -> Void) throws {
        var start = 0
        for (offset, byte) in chunk.enumerated() where byte == UInt8(ascii: "\n") {
            if pending.isEmpty {
                try emit(UnsafeRawBufferPointer(rebasing: chunk[start..<offset]), body)
            } else {
                pending.append(contentsOf: chunk[start..<offset])
                let line = pending
                pending.removeAll(keepingCapacity: true)
                try line.withUnsafeBytes { try emit($0, body) }
            }
            start = offset + 1
        }
        if start < chunk.count {
            pending.append(contentsOf: chunk[start...])
        }
    }

    /// Feeds one chunk given as an array.
    public mutating func feed(_ chunk: [UInt8], _ body: (JSON) throws -> Void) throws {
        try chunk.withUnsafeBytes { try feed($0, body) }
    }

    /// Ends the stream: a last line without a trailing newline is still a document.
    public mutating func finish(_ body: (JSON) throws -> Void) throws {
        guard !pending.isEmpty else { return }
        let line = pending
        pending.removeAll()
        try line.withUnsafeBytes { try emit($0, body) }
    }

    private mutating func emit(_ line: UnsafeRawBufferPointer, _ body: (JSON) throws -> Void) throws {
        guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) else {
            return
        }
        documentCount += 1
        try body(try JSON(parsing: line))
    }
}
