import DIRACAuth
import DIRACWire
import Logging
import RucioREST

/// What every Rucio-backed catalog method shares: the Rucio client, how LFNs become DIDs, how DIRAC SEs
/// become RSEs, and which Rucio account a caller acts as.
///
/// Stateless apart from the client's token cache and connection pool: every answer comes from Rucio, so
/// several gateways can serve the same VO and a write is visible to the next read (read-after-write, which
/// the Transformation System and CTADIRAC's upload path rely on, `dirac-surface.md` §7).
public struct RucioCatalog: Sendable {
    public let client: RucioClient
    public let naming: LFNNaming
    public let storageElements: StorageElementMap
    public let accounts: AccountMap
    /// Where the metadata schema lives in Rucio and how queries are planned.
    public let metadata: MetadataCatalogSettings
    public let logger: Logger

    public init(
        client: RucioClient, naming: LFNNaming = LFNNaming(), storageElements: StorageElementMap = StorageElementMap(),
        accounts: AccountMap, metadata: MetadataCatalogSettings = MetadataCatalogSettings(),
        logger: Logger = Logger(label: "FileCatalog.Rucio")
    ) {
        self.client = client
        self.naming = naming
        self.storageElements = storageElements
        self.accounts = accounts
        self.metadata = metadata
        self.logger = logger
    }

    /// The Rucio session a caller's call runs in (`X-Rucio-Account`), so Rucio's own permissions apply to
    /// what the gateway does for them. A caller whose DN and group map to no account gets nothing.
    public func session(for caller: Caller) throws(DIRACError) -> RucioAccountSession {
        guard let account = accounts.account(for: caller) else {
            throw DIRACError(
                errno: DErrno.EACCES,
                "no Rucio account is configured for DN \(caller.dn) in group \(caller.group) (rucio.accounts)")
        }
        return client.account(account)
    }
}
