import DIRACWire

/// A DIRAC metadata query (`findFilesByMetadata(metaDict, path)`, `dirac-surface.md` §4), parsed and typed:
/// an AND of terms, one per key, each an AND of conditions.
///
/// Which level a key is evaluated at follows the schema, as in the DFC: a declared directory field on the
/// directories (inherited by everything below), a declared file field and the standard keys on the files. A
/// key that was never declared is matched against the files' own Rucio metadata (where the DFC ignores it:
/// CTAO's ingestion writes many keys nobody declares, and a query on a key that no file carries must find
/// nothing, as CTAO's DPPS tests expect).
public struct MetaQuery: Sendable, Hashable {
    public var terms: [MetaTerm]

    public init(terms: [MetaTerm]) { self.terms = terms }

    public var directoryTerms: [MetaTerm] { terms.filter { $0.level.isDirectory } }
    public var fileTerms: [MetaTerm] { terms.filter { !$0.level.isDirectory } }
    public var isEmpty: Bool { terms.isEmpty }
}

/// Where a key's values live.
public enum MetaKeyLevel: Sendable, Hashable {
    /// A declared directory field: on collections, inherited by their whole subtree.
    case directory(MetadataFieldType)
    /// A declared file field: on the file DIDs.
    case file(MetadataFieldType)
    /// Never declared: the file DIDs' own JSON metadata, values compared as they are.
    case undeclared
    /// One of the catalog's standard file attributes (`Size`, `GUID`, `SE`, ...), from Rucio's DID columns
    /// and replicas.
    case standard(StandardFileKey)

    public var isDirectory: Bool {
        if case .directory = self { return true }
        return false
    }

    var fieldType: MetadataFieldType? {
        switch self {
        case .directory(let type), .file(let type): type
        case .undeclared, .standard: nil
        }
    }
}

/// The standard keys the gateway evaluates (DFC `FILE_STANDARD_METAKEYS`), from the file's DID columns and
/// replicas.
public enum StandardFileKey: String, Sendable, Hashable, CaseIterable {
    case se = "SE"
    case size = "Size"
    case guid = "GUID"
    case checksum = "CheckSum"
    case creationDate = "CreationDate"
    case modificationDate = "ModificationDate"
    case name = "Name"
    case fileName = "FileName"
    case status = "Status"
}

/// One key of a query and what its value must satisfy (all conditions).
public struct MetaTerm: Sendable, Hashable {
    public var key: String
    public var level: MetaKeyLevel
    public var conditions: [MetaCondition]

    public init(key: String, level: MetaKeyLevel, conditions: [MetaCondition]) {
        self.key = key
        self.level = level
        self.conditions = conditions
    }
}

/// A typed query operand.
public enum MetaScalar: Sendable, Hashable, CustomStringConvertible {
    case int(Int64)
    case double(Double)
    case string(String)
    case datetime(DIRACDateTime)
    case bool(Bool)

    public var description: String {
        switch self {
        case .int(let number): String(number)
        case .double(let number): DIRACValue.double(number).pythonRepr
        case .string(let text): text.debugDescription
        case .datetime(let time): "'\(time)'"
        case .bool(let flag): flag ? "True" : "False"
        }
    }
}

/// One condition on a key's value (DFC `__createMetaSelection`, `MetaQuery.applyQuery`).
public enum MetaCondition: Sendable, Hashable, CustomStringConvertible {
    /// `"Any"`: the key is defined.
    case any
    /// `"Missing"`: the key is not defined.
    case missing
    case equal(MetaScalar)
    case notEqual(MetaScalar)
    case oneOf([MetaScalar])
    case noneOf([MetaScalar])
    case less(MetaScalar)
    case lessOrEqual(MetaScalar)
    case greater(MetaScalar)
    case greaterOrEqual(MetaScalar)
    /// A file-level string with `*` (any run) and `?` (one character) wildcards (the DFC's SQL `LIKE`).
    case like(String)

    public var description: String {
        switch self {
        case .any: "is defined"
        case .missing: "is not defined"
        case .equal(let value): "= \(value)"
        case .notEqual(let value): "!= \(value)"
        case .oneOf(let values): "in [\(values.map(\.description).joined(separator: ", "))]"
        case .noneOf(let values): "not in [\(values.map(\.description).joined(separator: ", "))]"
        case .less(let value): "< \(value)"
        case .lessOrEqual(let value): "<= \(value)"
        case .greater(let value): "> \(value)"
        case .greaterOrEqual(let value): ">= \(value)"
        case .like(let pattern): "like \(pattern.debugDescription)"
        }
    }
}
