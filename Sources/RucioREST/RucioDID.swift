import GatewayJSON
import OrderedCollections

/// A Rucio data identifier: a scope and a name (`scope:name`).
///
/// Equality and hashing compare Unicode scalars exactly, as Rucio's database compares names, not
/// with Swift's canonical equivalence: two names that differ only in normalisation (a composed and
/// a decomposed "é") are different DIDs in Rucio, so they are different here too, and a dictionary
/// keyed by `RucioDID` never merges two of Rucio's DIDs.
public struct RucioDID: Sendable, Hashable, CustomStringConvertible {
    public let scope: String
    public let name: String

    public init(scope: String, name: String) {
        self.scope = scope
        self.name = name
    }

    /// `scope:name`, the form Rucio's clients print.
    public var description: String { "\(scope):\(name)" }

    /// `{"scope": …, "name": …}`, the form every Rucio request body uses for a DID.
    public var json: JSON { .object(["scope": .string(scope), "name": .string(name)]) }

    public static func == (lhs: RucioDID, rhs: RucioDID) -> Bool {
        lhs.scope.unicodeScalars.elementsEqual(rhs.scope.unicodeScalars)
            && lhs.name.unicodeScalars.elementsEqual(rhs.name.unicodeScalars)
    }

    public func hash(into hasher: inout Hasher) {
        for scalar in scope.unicodeScalars { hasher.combine(scalar.value) }
        hasher.combine(0xFFFF_FFFF as UInt32)  // separator: no scalar has this value
        for scalar in name.unicodeScalars { hasher.combine(scalar.value) }
    }
}

extension RucioDID {
    /// The DID of a record that carries `scope` and `name` members (every Rucio listing does).
    init?(record: JSON) {
        guard let scope = record["scope"]?.stringValue, let name = record["name"]?.stringValue else { return nil }
        self.init(scope: scope, name: name)
    }
}

/// The type of a DID as Rucio's REST layer renders it: the enum *name* (`"FILE"`, `"DATASET"`,
/// `"CONTAINER"`), never the one-letter database code.
///
/// A struct rather than an enum because Rucio has more types than a catalog normally meets
/// (`ARCHIVE`, `DELETED_FILE`, …) and an unknown one must not make a whole listing fail.
public struct RucioDIDType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts any spelling Rucio uses and normalises it to upper case (`did_type` fields say
    /// `"FILE"`, search's `type=` parameter says `file`).
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

    public static let file = RucioDIDType(rawValue: "FILE")
    public static let dataset = RucioDIDType(rawValue: "DATASET")
    public static let container = RucioDIDType(rawValue: "CONTAINER")

    /// Datasets and containers.
    public var isCollection: Bool { self == .dataset || self == .container }

    public var description: String { rawValue }
}
