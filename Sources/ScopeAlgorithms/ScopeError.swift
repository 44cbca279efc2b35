/// Why a scope algorithm refused a DID.
///
/// Each case is one exception the Python original raises. `message` is **the same text** as the
/// Python exception's `str()`, so the gateway can return to a DIRAC client exactly what a Rucio
/// server or client running the same algorithm would have said; `pythonExceptionType` names the
/// Python class. Both are pinned by the differential fixtures recorded from the real packages
/// (`Fixtures/scope-differential/`).
public enum ScopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `ctao_bdms`: the part after the last `:` does not start with `/`.
    /// Python: `ValueError("DID {did!r} does not match expected schema: /<VO Name>/<scope>/<path>.")`,
    /// where `{did!r}` is Python's `repr` of the whole input (so usually in single quotes).
    case notMatchingCTAOSchema(did: String)

    /// `ctao_bdms`: a `scope:` prefix was given and it is not the scope the path implies. The
    /// policy never trusts a given scope; it has to agree with the path.
    /// Python: `ValueError("Given scope '{given}' does not match extracted scope '{extracted}'")`
    /// (plain quotes here, not `repr`).
    case givenScopeMismatch(given: String, extracted: String)

    /// `dirac`: after removing trailing `/`, the DID has no second `/`-separated element
    /// (`""`, `"/"`, `"//"`, `"ctao"`). Rucio does not check this; Python raises
    /// `IndexError("list index out of range")` from `elem[1]`.
    case tooFewPathElements(did: String)

    /// `def`: the DID contains `:` but splitting on `:` does not give exactly two parts.
    /// Python: `RucioException("Cannot extract scope and name from DID {did}. The DID should have
    /// exactly one colon but found {parts} colons.")`. Note that Rucio reports the number of
    /// *parts*, not colons: `a:b:c` "found 3 colons".
    case wrongColonCount(did: String, parts: Int)

    /// `def`: `scope:name` with an empty scope or an empty name.
    /// Python: `RucioException("Cannot extract scope and name from DID {did}. Found empty scope or name.")`.
    case emptyScopeOrName(did: String)

    /// The Python exception class the original raises.
    public var pythonExceptionType: String {
        switch self {
        case .notMatchingCTAOSchema, .givenScopeMismatch: "ValueError"
        case .tooFewPathElements: "IndexError"
        case .wrongColonCount, .emptyScopeOrName: "RucioException"
        }
    }

    /// Exactly Python's `str(exception)`.
    ///
    /// `RucioException.__str__` prefixes its generic text: "An unknown exception occurred.\nDetails: …".
    public var message: String {
        switch self {
        case .notMatchingCTAOSchema(let did):
            "DID \(pythonRepr(did)) does not match expected schema: /<VO Name>/<scope>/<path>."
        case .givenScopeMismatch(let given, let extracted):
            "Given scope '\(given)' does not match extracted scope '\(extracted)'"
        case .tooFewPathElements:
            "list index out of range"
        case .wrongColonCount(let did, let parts):
            Self.rucioExceptionText(
                "Cannot extract scope and name from DID \(did). "
                    + "The DID should have exactly one colon but found \(parts) colons.")
        case .emptyScopeOrName(let did):
            Self.rucioExceptionText("Cannot extract scope and name from DID \(did). Found empty scope or name.")
        }
    }

    public var description: String { "\(pythonExceptionType): \(message)" }

    /// The case and its values, for code point exact equality (as `DID`'s).
    private var identity: [String] {
        switch self {
        case .notMatchingCTAOSchema(let did): ["notMatchingCTAOSchema", did]
        case .givenScopeMismatch(let given, let extracted): ["givenScopeMismatch", given, extracted]
        case .tooFewPathElements(let did): ["tooFewPathElements", did]
        case .wrongColonCount(let did, let parts): ["wrongColonCount", did, String(parts)]
        case .emptyScopeOrName(let did): ["emptyScopeOrName", did]
        }
    }

    /// Code point exact, like Python's `==`: a Kelvin sign is not a `K`.
    public static func == (lhs: ScopeError, rhs: ScopeError) -> Bool {
        lhs.identity.elementsEqual(rhs.identity) { $0.scalarsEqual($1) }
    }

    public func hash(into hasher: inout Hasher) {
        for field in identity {
            for scalar in field.unicodeScalars { hasher.combine(scalar.value) }
            hasher.combine(0xFFFF_FFFF as UInt32)
        }
    }

    /// `RucioException.__str__`: `"An unknown exception occurred.\nDetails: " + details`, then
    /// `.strip()`; both details texts end in `.`, so the strip never changes anything.
    private static func rucioExceptionText(_ details: String) -> String {
        "An unknown exception occurred.\nDetails: " + details
    }
}
