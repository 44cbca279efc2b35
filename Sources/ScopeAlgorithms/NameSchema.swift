/// The JSON schemas Rucio validates DID names and scopes against, so the gateway can refuse a single
/// bad LFN itself, with a clear reason, before anything is sent to Rucio.
///
/// Rucio validates with Python's `jsonschema`: `maxLength` counts code points (`len(str)`), and
/// `pattern` is applied with `re.search`. Two consequences reproduced here on purpose:
///
/// * Python's `$` also matches **before a final `\n`**, so `"/ctao/x\n"` passes the NAME pattern and
///   `"foo\n"` the SCOPE pattern (the newline still counts towards the length).
/// * Character classes are ASCII only (`[A-Za-z0-9]`), so any non-ASCII code point is refused.
///
/// Also note Rucio's `validate_schema(name, obj)` skips validation for a falsy `obj`: an empty name
/// passes *that* helper, but fails the schema itself (as inside a `did` object). Here `""` is refused.
/// And several REST paths (`POST /dids` bulk, `/dirac/addfiles`) do not validate names at all, which
/// is one more reason for the gateway to check before sending.
public enum NameSchema: String, Sendable, Hashable, CaseIterable {
    /// `bdms_rucio_policy.schema` (ctao-bdms-rucio-policy 0.6.0): the generic schema with a leading
    /// `/` required. NAME: `maxLength 250`, pattern `^/[A-Za-z0-9][/A-Za-z0-9\.\-_]*$`.
    /// So `/` alone, `/.x`, `/-x`, `/_x`, spaces, `:`, `+`, `@`, `=`, `,`, `~`, `%`, `#` and non-ASCII
    /// are refused; `/ctao/` (trailing slash) and `/ctao//x` (double slash) are accepted. No VO
    /// prefix and no per-element length is checked.
    case ctaoBDMS = "ctao_bdms"

    /// `rucio.common.schema.generic` (rucio 41.5.1), for a Rucio without a policy schema.
    /// NAME: `maxLength 250`, pattern `^[/A-Za-z0-9][/A-Za-z0-9\.\-_]*$` (a leading `/` is allowed,
    /// not required).
    case generic = "generic"

    /// `NAME_LENGTH`, the same in both schemas (and the `String(250)` database column).
    public static let maximumNameLength = 250
    /// `SCOPE_LENGTH`, the same in both schemas (and the `String(25)` database column).
    public static let maximumScopeLength = 25
}

/// One reason a DID name or scope breaks Rucio's schema.
public struct NameProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was validated.
    public enum Field: String, Sendable, Hashable {
        case name
        case scope
    }

    public enum Kind: Sendable, Hashable {
        /// The empty string (fails the pattern).
        case empty
        /// More code points than the schema's `maxLength`.
        case tooLong(length: Int, limit: Int)
        /// CTAO NAME: the first character is not `/`.
        case missingLeadingSlash(found: Unicode.Scalar)
        /// CTAO NAME: the character after the leading `/` is not an ASCII letter or digit
        /// (`nil`: nothing follows, the name is `/`).
        case badFirstElementStart(found: Unicode.Scalar?)
        /// Generic NAME: the first character is not `/`, an ASCII letter or a digit.
        case badFirstCharacter(found: Unicode.Scalar)
        /// A character outside the allowed set, at `offset` code points from the start.
        case forbiddenCharacter(Unicode.Scalar, offset: Int)
    }

    public let field: Field
    public let schema: NameSchema
    public let kind: Kind

    public init(field: Field, schema: NameSchema, kind: Kind) {
        self.field = field
        self.schema = schema
        self.kind = kind
    }

    /// The JSON-schema keyword that fails: `maxLength` or `pattern`.
    public var schemaKeyword: String {
        if case .tooLong = kind { return "maxLength" }
        return "pattern"
    }

    /// A reason fit for a DIRAC client's error message.
    public var reason: String {
        let what = field == .name ? "DID name" : "scope"
        switch kind {
        case .empty:
            return "\(what) is empty"
        case .tooLong(let length, let limit):
            return "\(what) is \(length) characters long; Rucio allows at most \(limit)"
        case .missingLeadingSlash(let found):
            return "\(what) must start with '/', not \(Self.describe(found))"
        case .badFirstElementStart(nil):
            return "\(what) must have a path element after the leading '/'"
        case .badFirstElementStart(let found?):
            return "\(what) must continue after the leading '/' with an ASCII letter or digit, not \(Self.describe(found))"
        case .badFirstCharacter(let found):
            return "\(what) must start with '/', an ASCII letter or a digit, not \(Self.describe(found))"
        case .forbiddenCharacter(let scalar, let offset):
            let allowed = field == .name ? "ASCII letters, digits, '/', '.', '-' and '_'" : "ASCII letters, digits, '.', '-' and '_'"
            return "\(what) contains \(Self.describe(scalar)) at position \(offset); only \(allowed) are allowed"
        }
    }

    public var description: String { reason }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.value < 0x21 || scalar.value == 0x7F || (scalar.value > 0x7F && !isPythonPrintable(scalar)) {
            return code
        }
        return "'\(Character(scalar))' (\(code))"
    }
}

/// The first reason `name` breaks the DID NAME schema, or `nil` when Rucio would accept it.
///
/// Use it on the LFN (the name part, without `scope:`) before sending anything to Rucio.
public func validateName(_ name: String, schema: NameSchema = .ctaoBDMS) -> NameProblem? {
    nameProblems(name, schema: schema).first
}

/// Every schema keyword `name` breaks: at most one pattern problem (the first offending character)
/// followed by at most one length problem.
public func nameProblems(_ name: String, schema: NameSchema = .ctaoBDMS) -> [NameProblem] {
    var problems: [NameProblem] = []
    let scalars = Array(name.unicodeScalars)
    func problem(_ kind: NameProblem.Kind) -> NameProblem {
        NameProblem(field: .name, schema: schema, kind: kind)
    }
    if let kind = namePatternProblem(scalars, schema: schema) {
        problems.append(problem(kind))
    }
    if scalars.count > NameSchema.maximumNameLength {
        problems.append(problem(.tooLong(length: scalars.count, limit: NameSchema.maximumNameLength)))
    }
    return problems
}

/// The first reason `scope` breaks the SCOPE schema (identical in CTAO's and the generic schema:
/// `maxLength 25`, pattern `^[a-zA-Z_\-.0-9]+$`), or `nil`.
///
/// Worth checking on extracted scopes: `user.<username>` is valid only for usernames of at most
/// 20 characters.
public func validateScope(_ scope: String) -> NameProblem? {
    scopeProblems(scope).first
}

/// Every schema keyword `scope` breaks (pattern first, then length).
public func scopeProblems(_ scope: String) -> [NameProblem] {
    var problems: [NameProblem] = []
    let scalars = Array(scope.unicodeScalars)
    func problem(_ kind: NameProblem.Kind) -> NameProblem {
        NameProblem(field: .scope, schema: .ctaoBDMS, kind: kind)
    }
    let body = withoutFinalNewline(scalars)
    if body.isEmpty {
        problems.append(problem(.empty))
    } else if let offset = body.firstIndex(where: { !isScopeCharacter($0) }) {
        problems.append(problem(.forbiddenCharacter(body[offset], offset: offset)))
    }
    if scalars.count > NameSchema.maximumScopeLength {
        problems.append(problem(.tooLong(length: scalars.count, limit: NameSchema.maximumScopeLength)))
    }
    return problems
}

// MARK: - The patterns, by hand

/// Python's `re.search` with `^…$` (no MULTILINE): `$` matches at the end or before a final `\n`.
/// None of the character classes contains `\n`, so: drop one final `\n`, then match the whole rest.
private func withoutFinalNewline(_ scalars: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar> {
    scalars.last == "\n" ? scalars.dropLast() : scalars[...]
}

private func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "A"..."Z", "a"..."z", "0"..."9": true
    default: false
    }
}

/// `[/A-Za-z0-9\.\-_]`
private func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
    isASCIIAlphanumeric(scalar) || scalar == "/" || scalar == "." || scalar == "-" || scalar == "_"
}

/// `[a-zA-Z_\-.0-9]`
private func isScopeCharacter(_ scalar: Unicode.Scalar) -> Bool {
    isASCIIAlphanumeric(scalar) || scalar == "." || scalar == "-" || scalar == "_"
}

private func namePatternProblem(_ scalars: [Unicode.Scalar], schema: NameSchema) -> NameProblem.Kind? {
    // With a final "\n", Python may match either the whole string (impossible: "\n" is in no class)
    // or the string without it. Positions stay those of the full string.
    let body = withoutFinalNewline(scalars)
    guard let first = body.first else {
        // "" or "\n". For the CTAO pattern "\n" fails at its first character like any other;
        // report the empty string as such.
        if scalars.isEmpty { return .empty }
        return schema == .ctaoBDMS ? .missingLeadingSlash(found: "\n") : .badFirstCharacter(found: "\n")
    }
    var rest = body.dropFirst()
    switch schema {
    case .ctaoBDMS:
        guard first == "/" else { return .missingLeadingSlash(found: first) }
        guard let second = rest.first else { return .badFirstElementStart(found: nil) }
        guard isASCIIAlphanumeric(second) else { return .badFirstElementStart(found: second) }
        rest = rest.dropFirst()
    case .generic:
        guard first == "/" || isASCIIAlphanumeric(first) else { return .badFirstCharacter(found: first) }
    }
    if let offset = rest.firstIndex(where: { !isNameCharacter($0) }) {
        return .forbiddenCharacter(rest[offset], offset: offset)
    }
    return nil
}
