import DIRACAuth
import DIRACConfiguration
import Logging
import Metrics
import ServiceLifecycle

/// Keeps the Registry in force in step with DIRAC's: asks the source for anything newer every `interval` (DIRAC's
/// own components refresh their configuration every `/DIRAC/Configuration/RefreshTime`, 300 s by default) and lays
/// the configuration file's entries over what it reads.
///
/// Fails closed: until the source has been read once, only the configuration file's entries are known, so a user
/// the file does not list is refused; when a later read fails, the last good Registry stays in force (as DIRAC
/// keeps its last configuration) and the failure is logged and counted
/// (`dirac_registry_refresh_failures_total`; `dirac_registry_last_success_seconds` shows its age).
struct RegistryRefresher: Service {
    let source: any RegistrySource
    let local: DIRACRegistry
    let localSetsDefaultGroups: Bool
    let store: RegistryStore
    let interval: Duration
    let logger: Logger

    /// One read; true when the store holds the source's Registry afterwards (new or unchanged).
    @discardableResult
    func refresh() async -> Bool {
        let held = store.current.version
        do {
            guard let (registry, version) = try await source.fetch(newerThan: held) else {
                Gauge(label: "dirac_registry_last_success_seconds").record(ServiceClock.nowSeconds())
                return true
            }
            let merged = registry.overlaid(with: local, localSetsDefaultGroups: localSetsDefaultGroups)
            store.replace(with: .init(registry: merged, version: version, loadedAt: ServiceClock.nowSeconds()))
            Gauge(label: "dirac_registry_users").record(merged.users.count)
            Gauge(label: "dirac_registry_last_success_seconds").record(ServiceClock.nowSeconds())
            logger.info(
                "Registry loaded", metadata: ["source": "\(source.description)", "version": "\(version)", "entries": "\(merged.summary)"])
            return true
        } catch {
            Counter(label: "dirac_registry_refresh_failures_total").increment()
            logger.error(
                held == nil
                    ? "Registry not read: only the configuration file's users, groups and hosts are known"
                    : "Registry refresh failed: keeping the one read before",
                metadata: ["error": "\(error)", "heldVersion": "\(held ?? "-")"])
            return false
        }
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await refresh()
            }
        }
    }
}
