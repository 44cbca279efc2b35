/// A property a fuzz target checks beyond "no crash".
///
/// Not `precondition`: in the release (-O) build the fuzzers run, `precondition` traps without printing its message,
/// so the log next to the artefact would only say "deadly signal". `fatalError` keeps the message
/// ("Fatal error: <message>", which scripts/fuzz.sh quotes in its verdict).
public func check(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError(message(), file: file, line: line) }
}

/// An input that must not happen (a decoded value that fails to re-decode, …); see `check`.
public func failCheck(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message(), file: file, line: line)
}
