import Synchronization

/// The Registry in force, shared by every call and replaced whole when a newer one has been read (from the
/// configuration file at start, then from DIRAC's Configuration Service or a CFG file as they change).
///
/// A call takes one snapshot when it starts and decides with it, so a refresh in the middle of a call never mixes
/// two registries.
public final class RegistryStore: Sendable {
    /// One registry as read, with where and when it came from.
    public struct Snapshot: Sendable {
        public var registry: DIRACRegistry
        /// The source's own version (the Configuration Service's `newestVersion`, a file's modification time);
        /// nil for the configuration file alone.
        public var version: String?
        /// Seconds since the Unix epoch at which it was read.
        public var loadedAt: Int64

        public init(registry: DIRACRegistry, version: String? = nil, loadedAt: Int64 = 0) {
            self.registry = registry
            self.version = version
            self.loadedAt = loadedAt
        }
    }

    private let state: Mutex<Snapshot>

    public init(_ snapshot: Snapshot) {
        state = Mutex(snapshot)
    }

    public convenience init(registry: DIRACRegistry) {
        self.init(Snapshot(registry: registry))
    }

    public var current: Snapshot { state.withLock { $0 } }

    public var registry: DIRACRegistry { state.withLock { $0.registry } }

    public func replace(with snapshot: Snapshot) {
        state.withLock { $0 = snapshot }
    }
}
