/// A Rucio data identifier: `scope:name`.
///
/// For CTAO the name is the DIRAC LFN itself (`/ctao/LSTN-01/DL0/2025/...`), without any `scope:`
/// prefix; the policy package's lfn2pfn is the identity, so the name is also the physical path below
/// the storage prefix.
///
/// Equality and hashing are **code point exact** (Python's `==` on `str`, and what Rucio's database
/// compares), not Swift's canonical equivalence: `DID(scope: "K", …)` and
/// `DID(scope: "\u{212A}", …)` (KELVIN SIGN) are different DIDs, as they are in Rucio.
public struct DID: Sendable, Hashable, CustomStringConvertible {
    public let scope: String
    public let name: String

    public init(scope: String, name: String) {
        self.scope = scope
        self.name = name
    }

    /// `scope:name`, the form Rucio's clients print and accept.
    public var description: String { "\(scope):\(name)" }

    public static func == (lhs: DID, rhs: DID) -> Bool {
        lhs.scope.scalarsEqual(rhs.scope) && lhs.name.scalarsEqual(rhs.name)
    }

    public func hash(into hasher: inout Hasher) {
        for scalar in scope.unicodeScalars { hasher.combine(scalar.value) }
        hasher.combine(0xFFFF_FFFF as UInt32)  // separator: no scalar has this value
        for scalar in name.unicodeScalars { hasher.combine(scalar.value) }
    }
}
