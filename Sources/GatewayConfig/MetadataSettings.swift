/// `rucio.metadata`: how DIRAC's metadata catalog is kept in Rucio.
public struct MetadataSettings: Sendable, Hashable, Codable {
    /// `scope:name` of the container whose JSON metadata holds the declared fields (`getMetadataFields`).
    public var schemaDID: String = "root:/dirac-catalog-metadata-fields"
    /// The Rucio account that writes the fields below at start (nil: `rucio.accounts.default`, else the
    /// `rucio.auth.username`).
    public var schemaAccount: String?
    /// Fields declared at start when missing (`addMetadataField` semantics, so a restart changes nothing):
    /// `{directory: {name: type}, file: {name: type}}`, e.g. CTADIRAC's `thetaP: FLOAT`.
    public var fields: Fields = .init()
    /// Scopes a query over the whole namespace (`path = "/"`) visits; unset: every scope Rucio lists.
    public var queryScopes: [String]?
    /// Rucio requests one query runs at once.
    public var queryConcurrency: Int = 4
    /// With file keys, selected directories holding at most this many files are listed and checked instead of
    /// searched (Rucio's JSON search scans the whole scope).
    public var listFilesUpTo: Int = 50_000

    public struct Fields: Sendable, Hashable, Codable {
        public var directory: [String: String] = [:]
        public var file: [String: String] = [:]

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            directory = try c.decodeIfPresent([String: String].self, forKey: .directory) ?? [:]
            file = try c.decodeIfPresent([String: String].self, forKey: .file) ?? [:]
        }

        enum CodingKeys: String, CodingKey { case directory, file }
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case schemaDID, schemaAccount, fields, queryScopes, queryConcurrency, listFilesUpTo
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaDID = try c.decodeIfPresent(String.self, forKey: .schemaDID) ?? "root:/dirac-catalog-metadata-fields"
        schemaAccount = try c.decodeIfPresent(String.self, forKey: .schemaAccount)
        fields = try c.decodeIfPresent(Fields.self, forKey: .fields) ?? .init()
        queryScopes = try c.decodeIfPresent([String].self, forKey: .queryScopes)
        queryConcurrency = try c.decodeIfPresent(Int.self, forKey: .queryConcurrency) ?? 4
        listFilesUpTo = try c.decodeIfPresent(Int.self, forKey: .listFilesUpTo) ?? 50_000
    }

    /// The schema DID split into scope and name, or nil when it is not `scope:/name`.
    public var schemaScopeAndName: (scope: String, name: String)? {
        guard let colon = schemaDID.firstIndex(of: ":") else { return nil }
        let scope = String(schemaDID[..<colon])
        let name = String(schemaDID[schemaDID.index(after: colon)...])
        guard !scope.isEmpty, name.hasPrefix("/"), name.count > 1 else { return nil }
        return (scope, name)
    }

    func problems() -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        if schemaScopeAndName == nil {
            problems.append(ConfigurationProblem(key: "rucio.metadata.schemaDID", "must be scope:/name, got '\(schemaDID)'"))
        }
        if !(1...32).contains(queryConcurrency) {
            problems.append(ConfigurationProblem(key: "rucio.metadata.queryConcurrency", "must be between 1 and 32, got \(queryConcurrency)"))
        }
        if listFilesUpTo < 0 {
            problems.append(ConfigurationProblem(key: "rucio.metadata.listFilesUpTo", "must not be negative, got \(listFilesUpTo)"))
        }
        for name in fields.directory.keys where fields.file[name] != nil {
            problems.append(ConfigurationProblem(key: "rucio.metadata.fields", "\(name) is declared at both levels (a field is one or the other)"))
        }
        return problems
    }
}
