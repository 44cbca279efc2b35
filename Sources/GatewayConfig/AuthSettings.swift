import DIRACAuth

/// Who may call: the gateway's rules (write groups, unknown DNs) and its slice of DIRAC's Registry (users, groups,
/// hosts), optionally kept in sync with DIRAC's own Registry (`registrySource`).
public struct AuthSettings: Sendable, Hashable, Codable {
    /// A Registry user. `dn` takes one DN or a list (DIRAC users may have several certificates).
    public struct User: Sendable, Hashable, Codable {
        public var name: String
        public var dns: [String]
        /// Groups the user is a member of; the first is the user's default group (DIRAC's `DefaultGroup`).
        public var groups: [String]

        public init(name: String, dn: String, groups: [String]) {
            self.init(name: name, dns: [dn], groups: groups)
        }

        public init(name: String, dns: [String], groups: [String]) {
            self.name = name
            self.dns = dns
            self.groups = groups
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case name, dn, groups }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            dns = try c.decodeStringOrList(forKey: .dn)
            groups = try c.decodeIfPresent([String].self, forKey: .groups) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encodeStringOrList(dns, forKey: .dn)
            try c.encode(groups, forKey: .groups)
        }
    }

    /// A Registry group, for members and properties not given with the users.
    public struct Group: Sendable, Hashable, Codable {
        public var name: String
        public var users: [String]
        public var properties: [String]

        public init(name: String, users: [String] = [], properties: [String] = []) {
            self.name = name
            self.users = users
            self.properties = properties
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case name, users, properties }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            users = try c.decodeIfPresent([String].self, forKey: .users) ?? []
            properties = try c.decodeIfPresent([String].self, forKey: .properties) ?? []
        }
    }

    public struct Host: Sendable, Hashable, Codable {
        public var name: String
        public var dns: [String]
        /// DIRAC's `TrustedHost`: may call on behalf of users (`extraCredentials = [DN, group]`).
        public var trusted: Bool
        public var properties: [String]

        public init(name: String, dn: String, trusted: Bool = false, properties: [String] = []) {
            self.name = name
            self.dns = [dn]
            self.trusted = trusted
            self.properties = properties
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case name, dn, trusted, properties }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            dns = try c.decodeStringOrList(forKey: .dn)
            trusted = try c.decodeIfPresent(Bool.self, forKey: .trusted) ?? false
            properties = try c.decodeIfPresent([String].self, forKey: .properties) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encodeStringOrList(dns, forKey: .dn)
            try c.encode(trusted, forKey: .trusted)
            try c.encode(properties, forKey: .properties)
        }
    }

    /// `/Registry/DefaultGroup`: tried, in order, for a user whose proxy carries no group.
    public var defaultGroup: [String]?
    /// Removed: unknown DNs are always refused now. `true` is accepted (it is what the gateway does); `false` is a
    /// configuration problem pointing at `unknownDNs`.
    public var requireKnownUsers: Bool?
    /// What a verified certificate whose DN the Registry does not know may do: `refuse` (DIRAC's behaviour:
    /// nothing but `ping`) or `readOnly` (the catalog's reads, as group `visitor`).
    public var unknownDNs: AuthorizationPolicy.UnknownDNAccess = .refuse
    /// Groups allowed to call catalog write methods; empty means read-only.
    public var writeGroups: [String] = []
    public var users: [User] = []
    public var groups: [Group] = []
    public var hosts: [Host] = []
    /// DIRAC's own Registry, read from the Configuration Service or a CFG file and refreshed; the entries above
    /// are laid over it.
    public var registrySource: RegistrySourceSettings = .init()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case defaultGroup, requireKnownUsers, unknownDNs, writeGroups, users, groups, hosts, registrySource
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        defaultGroup = try c.decodeStringOrListIfPresent(forKey: .defaultGroup)
        requireKnownUsers = try c.decodeIfPresent(Bool.self, forKey: .requireKnownUsers)
        unknownDNs = try c.decodeIfPresent(AuthorizationPolicy.UnknownDNAccess.self, forKey: .unknownDNs) ?? .refuse
        writeGroups = try c.decodeIfPresent([String].self, forKey: .writeGroups) ?? []
        users = try c.decodeIfPresent([User].self, forKey: .users) ?? []
        groups = try c.decodeIfPresent([Group].self, forKey: .groups) ?? []
        hosts = try c.decodeIfPresent([Host].self, forKey: .hosts) ?? []
        registrySource = try c.decodeIfPresent(RegistrySourceSettings.self, forKey: .registrySource) ?? .init()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let defaultGroup { try c.encode(defaultGroup, forKey: .defaultGroup) }
        try c.encodeIfPresent(requireKnownUsers, forKey: .requireKnownUsers)
        try c.encode(unknownDNs, forKey: .unknownDNs)
        try c.encode(writeGroups, forKey: .writeGroups)
        try c.encode(users, forKey: .users)
        try c.encode(groups, forKey: .groups)
        try c.encode(hosts, forKey: .hosts)
        try c.encode(registrySource, forKey: .registrySource)
    }
}

extension AuthorizationPolicy.UnknownDNAccess: Codable {}

/// Where DIRAC's Registry is read from and how often, so that thousands of users need not be copied into the
/// gateway's file and a user added or removed in DIRAC is seen without a restart.
public struct RegistrySourceSettings: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Only `auth.users`, `auth.groups` and `auth.hosts`.
        case none
        /// DIRAC's Configuration Service (`Configuration/Server`, `getCompressedDataIfNewer`), called over HTTPS with
        /// the gateway's host certificate, as every DIRAC component refreshes its configuration.
        case configurationServer
        /// A file in DIRAC's CFG format holding a `Registry` section (a CS dump, or the master's own file),
        /// re-read when it changes.
        case cfgFile
    }

    public var type: Kind = .none
    /// `configurationServer`: the CS URLs, tried in order (DIRAC's `/DIRAC/Configuration/Servers`).
    public var urls: [String] = []
    /// `cfgFile`: the file.
    public var path: String?
    /// How often to look for a newer Registry (DIRAC's `/DIRAC/Configuration/RefreshTime`, 300 s by default).
    public var refreshSeconds: Int = 300
    /// Limit on one fetch from the Configuration Service.
    public var timeoutSeconds: Int = 30

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case type, urls, path, refreshSeconds, timeoutSeconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(Kind.self, forKey: .type) ?? .none
        urls = try c.decodeStringOrListIfPresent(forKey: .urls) ?? []
        path = try c.decodeIfPresent(String.self, forKey: .path)
        refreshSeconds = try c.decodeIfPresent(Int.self, forKey: .refreshSeconds) ?? 300
        timeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? 30
    }
}

extension KeyedDecodingContainer {
    /// A value that is one string or a list of strings (DIRAC's CS options are comma-separated lists).
    func decodeStringOrList(forKey key: Key) throws -> [String] {
        if let one = try? decode(String.self, forKey: key) { return [one] }
        return try decode([String].self, forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// nil when the key is absent or null.
    func decodeStringOrListIfPresent(forKey key: Key) throws -> [String]? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeStringOrList(forKey: key)
    }
}

extension KeyedEncodingContainer {
    mutating func encodeStringOrList(_ values: [String], forKey key: Key) throws {
        if values.count == 1 { try encode(values[0], forKey: key) } else { try encode(values, forKey: key) }
    }
}
