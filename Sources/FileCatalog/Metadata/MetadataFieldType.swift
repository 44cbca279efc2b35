/// Which level a DFC metadata field belongs to (`addMetadataField(name, type, "-d" | "-f")`). A field is one
/// or the other, never both (DFC's `DirectoryMetadata.addMetadataField` / `FileMetadata.addMetadataField`).
public enum MetadataLevel: String, Sendable, Hashable, CaseIterable {
    case directory
    case file

    /// The flag DIRAC's handler takes (`export_addMetadataField(name, type, metaType="-d")`).
    public init?(flag: String) {
        switch flag.lowercased() {
        case "-d": self = .directory
        case "-f": self = .file
        default: return nil
        }
    }
}

/// The type of a DFC metadata field, kept as the caller declared it (the DFC stores the string it was given in
/// `FC_MetaFields` and `getMetadataFields` answers it back) together with the kind of value it holds, which
/// decides how the gateway stores values in Rucio's JSON metadata (Rucio's JSON filters are type-sensitive:
/// an int must stay an int, a float a float).
public struct MetadataFieldType: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case integer
        case float
        /// `VARCHAR(n)` and other text types; `maxLength` where the type names one.
        case string(maxLength: Int?)
        case datetime
        /// A meta set name (`MetaSet`, stored by the DFC as `VARCHAR(64)`).
        case metaSet
    }

    /// The type string as declared (what `getMetadataFields` answers).
    public var declared: String
    public var kind: Kind

    /// DFC's `addMetadataField` normalisation and check: `int*` → `INT`, `string` → `VARCHAR(128)`, `float` →
    /// `FLOAT`, `date` → `DATETIME`, `MetaSet` → `VARCHAR(64)`, anything else must be a MySQL type name
    /// (`SQL_TYPE_RE`, `^[a-zA-Z][a-zA-Z0-9]*(\s*\(\s*[0-9]+(\s*,\s*[0-9]+)?\s*\))?$`). Nil for an invalid type,
    /// which the DFC refuses with `"Invalid parameter type: <type>"`.
    public init?(declared: String) {
        self.declared = declared
        let lower = declared.lowercased()
        if declared == "MetaSet" {
            kind = .metaSet
            return
        }
        guard Self.isSQLType(declared) else { return nil }
        let base = String(lower.prefix { $0.isLetter || $0.isNumber })
        let argument = Self.firstArgument(lower)
        switch base {
        case _ where base.hasPrefix("int"), "tinyint", "smallint", "mediumint", "bigint":
            kind = .integer
        case "float", "double", "real", "decimal", "numeric":
            kind = .float
        case "date", "datetime", "timestamp":
            kind = .datetime
        case "string":
            kind = .string(maxLength: 128)
        case "varchar", "char":
            kind = .string(maxLength: argument)
        default:
            kind = .string(maxLength: nil)
        }
    }

    public var description: String { declared }

    /// The name used in messages and in `MetaQuery` typing: `int`, `float`, `str`, `datetime`.
    var valueName: String {
        switch kind {
        case .integer: "int"
        case .float: "float"
        case .string, .metaSet: "str"
        case .datetime: "datetime"
        }
    }

    static func isSQLType(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        guard let first = scalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        scalars = scalars.drop { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        if scalars.isEmpty { return true }
        // `\s*\(\s*N(\s*,\s*N)?\s*\)`
        func skipSpaces() { scalars = scalars.drop { $0 == " " || $0 == "\t" } }
        func digits() -> Bool {
            let before = scalars.count
            scalars = scalars.drop { ("0"..."9").contains($0) }
            return scalars.count < before
        }
        skipSpaces()
        guard scalars.first == "(" else { return false }
        scalars = scalars.dropFirst()
        skipSpaces()
        guard digits() else { return false }
        skipSpaces()
        if scalars.first == "," {
            scalars = scalars.dropFirst()
            skipSpaces()
            guard digits() else { return false }
            skipSpaces()
        }
        guard scalars.first == ")" else { return false }
        return scalars.dropFirst().isEmpty
    }

    static func firstArgument(_ text: String) -> Int? {
        guard let open = text.firstIndex(of: "(") else { return nil }
        let digits = text[text.index(after: open)...].drop { $0 == " " }.prefix { $0.isNumber }
        return Int(digits)
    }
}
