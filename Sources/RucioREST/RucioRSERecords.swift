import GatewayJSON
import OrderedCollections

/// An RSE's settings as `GET /rses/{rse}` returns them (what Rucio's own clients use to build
/// PFNs): whether it is deterministic, its lfn2pfn algorithm and its protocols.
public struct RucioRSE: Sendable {
    public var name: String
    public var id: String?
    /// Deterministic RSEs compute PFNs from the DID (`lfn2pfnAlgorithm`); non-deterministic ones
    /// store a PFN per replica, which registration must then provide.
    public var isDeterministic: Bool
    public var isVolatile: Bool?
    /// `DISK` or `TAPE`.
    public var rseType: String?
    /// The resolved algorithm (`ctao_bdms`: PFN = protocol prefix + name, unchanged).
    public var lfn2pfnAlgorithm: String?
    public var availabilityRead: Bool?
    public var availabilityWrite: Bool?
    public var availabilityDelete: Bool?
    public var verifyChecksum: Bool?
    public var protocols: [RucioRSEProtocol]
    public var raw: JSON

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let name = record["rse"]?.string else { return nil }
        self.name = name
        id = record["id"]?.string
        isDeterministic = record["deterministic"]?.boolValue ?? true
        isVolatile = record["volatile"]?.boolValue
        rseType = record["rse_type"]?.string
        lfn2pfnAlgorithm = record["lfn2pfn_algorithm"]?.string
        availabilityRead = record["availability_read"]?.boolValue
        availabilityWrite = record["availability_write"]?.boolValue
        availabilityDelete = record["availability_delete"]?.boolValue
        verifyChecksum = record["verify_checksum"]?.boolValue
        protocols = (record["protocols"]?.arrayValue ?? []).map(RucioRSEProtocol.init(json:))
        raw = record
    }
}

/// One protocol of an RSE: PFNs are `scheme://hostname:port` + prefix + path.
public struct RucioRSEProtocol: Sendable {
    public var scheme: String?
    public var hostname: String?
    public var port: Int64?
    public var prefix: String?
    /// The Rucio implementation class, e.g. `rucio.rse.protocols.webdav.Default`.
    public var implementation: String?
    /// `{"lan": {"read": 1, …}, "wan": {…}}`: per domain and operation a priority (1 = best),
    /// 0 or null = not usable for that operation.
    public var domains: JSON
    public var extendedAttributes: JSON

    public init(json record: JSON) {
        scheme = record["scheme"]?.string
        hostname = record["hostname"]?.string
        port = record["port"]?.integer
        prefix = record["prefix"]?.string
        implementation = record["impl"]?.string
        domains = record["domains"] ?? .null
        extendedAttributes = record["extended_attributes"] ?? .null
    }

    /// The priority of `operation` (`read`, `write`, `delete`, `third_party_copy_read`, …) in
    /// `domain` (`wan`, `lan`); nil when the protocol is not usable for it.
    public func priority(of operation: String, domain: String = "wan") -> Int64? {
        guard let value = domains[domain]?[operation]?.integer, value > 0 else { return nil }
        return value
    }
}

/// An RSE from `GET /rses/`: with an expression only `{"rse": NAME}`, without one the whole row.
public struct RucioRSESummary: Sendable {
    public var name: String
    public var raw: JSON

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let name = record["rse"]?.string else { return nil }
        self.name = name
        raw = record
    }
}
