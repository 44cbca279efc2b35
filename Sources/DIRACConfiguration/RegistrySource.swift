import DIRACAuth

/// Where DIRAC's Registry comes from, asked again and again for anything newer than what the gateway holds.
public protocol RegistrySource: Sendable {
    /// For logs: the URLs or the path.
    var description: String { get }
    /// The Registry if the source holds a newer one than `version` (nil: the first fetch), else nil.
    func fetch(newerThan version: String?) async throws(RegistrySourceError) -> (registry: DIRACRegistry, version: String)?
}

/// Why the Registry could not be read; the gateway keeps the last good one meanwhile.
public struct RegistrySourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var source: String
    public var reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): \(reason)" }
}
