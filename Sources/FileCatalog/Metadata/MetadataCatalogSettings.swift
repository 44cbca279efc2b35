import RucioREST

/// How the catalog keeps DIRAC's metadata in Rucio.
public struct MetadataCatalogSettings: Sendable, Hashable {
    /// The DID whose JSON metadata holds the declared fields (`getMetadataFields`): a container in the admin
    /// scope, attached to nothing, so it never shows in a DIRAC listing nor in any file's inherited metadata,
    /// and every gateway instance reads the same schema (the gateway keeps no state of its own).
    public var schemaDID: RucioDID
    /// The DID whose JSON metadata holds the meta sets (`addMetadataSet`): one key per set.
    public var metaSetsDID: RucioDID
    /// The scopes a query over the whole namespace (`path = "/"`) visits; nil: every scope Rucio lists. A
    /// query under a path visits only the scopes the scope algorithm allows below it.
    public var queryScopes: [String]?
    /// How many Rucio requests one query runs at once (searches, `bulkmeta` chunks, listings).
    public var queryConcurrency: Int
    /// With file keys, when the selected directories hold at most this many files (Rucio counts them:
    /// `dynamic_depth=FILE`), their files are listed and checked by the gateway instead of searched: Rucio's JSON
    /// search scans the whole scope, a listing only the subtree.
    public var listFilesUpTo: Int64

    public init(
        schemaDID: RucioDID = RucioDID(scope: "root", name: "/dirac-catalog-metadata-fields"),
        metaSetsDID: RucioDID? = nil, queryScopes: [String]? = nil, queryConcurrency: Int = 4,
        listFilesUpTo: Int64 = 50_000
    ) {
        self.listFilesUpTo = listFilesUpTo
        self.schemaDID = schemaDID
        self.metaSetsDID = metaSetsDID ?? RucioDID(scope: schemaDID.scope, name: schemaDID.name + "-sets")
        self.queryScopes = queryScopes
        self.queryConcurrency = max(1, queryConcurrency)
    }
}
