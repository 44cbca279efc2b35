import GatewayJSON
import OrderedCollections

/// A replica's state. Listings print the name (`"AVAILABLE"`); writes (`POST`/`PUT /replicas`)
/// need the one-letter code (`"A"`) — Rucio answers 500 to a name there.
public struct RucioReplicaState: Sendable, Hashable, CustomStringConvertible {
    /// The name as listings print it.
    public let name: String

    public init(name: String) { self.name = name.uppercased() }

    public static let available = RucioReplicaState(name: "AVAILABLE")
    public static let unavailable = RucioReplicaState(name: "UNAVAILABLE")
    public static let copying = RucioReplicaState(name: "COPYING")
    public static let beingDeleted = RucioReplicaState(name: "BEING_DELETED")
    public static let bad = RucioReplicaState(name: "BAD")
    public static let temporaryUnavailable = RucioReplicaState(name: "TEMPORARY_UNAVAILABLE")

    private static let codes: [String: String] = [
        "AVAILABLE": "A", "UNAVAILABLE": "U", "COPYING": "C", "BEING_DELETED": "B", "BAD": "D",
        "TEMPORARY_UNAVAILABLE": "T",
    ]

    /// The code Rucio's replica writes expect (`A U C B D T`); nil for an unknown state.
    public var code: String? { Self.codes[name] }

    public var description: String { name }
}

/// One PFN of a replica listing (the `pfns` member, keyed by PFN).
public struct RucioPFN: Sendable {
    public var url: String
    public var rse: String?
    /// `DISK` or `TAPE`.
    public var rseType: String?
    /// `wan`, `lan` or `zip`.
    public var domain: String?
    /// 1 = preferred, after Rucio's sort.
    public var priority: Int64?
    public var isVolatile: Bool?
    public var clientExtract: Bool?

    public init(url: String, record: JSON) {
        self.url = url
        rse = record["rse"]?.string
        rseType = record["type"]?.string
        domain = record["domain"]?.string
        priority = record["priority"]?.integer
        isVolatile = record["volatile"]?.boolValue
        clientExtract = record["client_extract"]?.boolValue
    }
}

/// One file of `POST /replicas/list`.
///
/// Read the RSEs from `states`: it lists every replica that passed the state filter, while `rses`
/// and `pfns` only list RSEs with a protocol usable for reading in the chosen domain — a replica
/// on an RSE without one is only in `states`. A FILE DID without any replica still gets a record
/// (with empty maps); DIDs that do not exist get none.
public struct RucioReplicaRecord: Sendable {
    public var did: RucioDID
    public var bytes: Int64?
    public var md5: String?
    public var adler32: String?
    /// RSE → replica state.
    public var states: OrderedDictionary<String, RucioReplicaState>
    /// RSE → PFNs, best first.
    public var rses: OrderedDictionary<String, [String]>
    /// PFN → details, in Rucio's priority order.
    public var pfns: OrderedDictionary<String, RucioPFN>
    /// With `resolveParents`: the `scope:name` of the collections containing the file.
    public var parents: [String]?
    public var raw: JSON

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let did = RucioDID(record: record) else { return nil }
        self.did = did
        bytes = record["bytes"]?.integer
        md5 = record["md5"]?.string
        adler32 = record["adler32"]?.string
        states = [:]
        for (rse, state) in record["states"]?.objectValue ?? [:] {
            if let name = state.string { states[rse] = RucioReplicaState(name: name) }
        }
        rses = [:]
        for (rse, list) in record["rses"]?.objectValue ?? [:] {
            rses[rse] = (list.arrayValue ?? []).compactMap(\.string)
        }
        pfns = [:]
        for (url, details) in record["pfns"]?.objectValue ?? [:] {
            pfns[url] = RucioPFN(url: url, record: details)
        }
        parents = record["parents"]?.arrayValue?.compactMap(\.string)
        raw = record
    }
}

/// The options of `POST /replicas/list`.
///
/// `ignoreAvailability` has no default on purpose: Rucio's own default hides replicas on RSEs
/// whose read availability is off, which silently shortens a catalog answer; the caller decides.
public struct RucioReplicaQuery: Sendable {
    /// false: only `AVAILABLE` replicas; true: every state (see `RucioReplicaRecord.states`).
    public var allStates: Bool
    /// true: list replicas on RSEs marked unavailable for reading too.
    public var ignoreAvailability: Bool
    /// Only PFNs of these protocol schemes (`davs`, `root`, …); nil: all.
    public var schemes: [String]?
    /// Only replicas on RSEs matching this expression.
    public var rseExpression: String?
    /// `wan`, `lan` or `all`; nil: Rucio's default.
    public var domain: String?
    /// `random`, `geoip`, …; nil: Rucio's default (`geoip` unless the server says otherwise).
    public var sort: String?
    /// Add `parents` (`scope:name` of the containing collections) to each record.
    public var resolveParents: Bool
    /// Any other member of the request body (`nrandom`, `updated_after`, `client_location`, …).
    public var extra: OrderedDictionary<String, JSON>

    public init(
        allStates: Bool, ignoreAvailability: Bool, schemes: [String]? = nil, rseExpression: String? = nil,
        domain: String? = nil, sort: String? = nil, resolveParents: Bool = false,
        extra: OrderedDictionary<String, JSON> = [:]
    ) {
        self.allStates = allStates
        self.ignoreAvailability = ignoreAvailability
        self.schemes = schemes
        self.rseExpression = rseExpression
        self.domain = domain
        self.sort = sort
        self.resolveParents = resolveParents
        self.extra = extra
    }

    func body(dids: ArraySlice<RucioDID>) -> JSON {
        var body: OrderedDictionary<String, JSON> = [
            "dids": .array(dids.map(\.json)),
            "all_states": .bool(allStates),
            "ignore_availability": .bool(ignoreAvailability),
        ]
        if let schemes { body["schemes"] = .array(schemes.map(JSON.string)) }
        if let rseExpression { body["rse_expression"] = .string(rseExpression) }
        if let domain { body["domain"] = .string(domain) }
        if let sort { body["sort"] = .string(sort) }
        if resolveParents { body["resolve_parents"] = .bool(true) }
        for (key, value) in extra { body[key] = value }
        return .object(body)
    }
}

/// A file replica to register with `POST /replicas` (or to create through an attachment with
/// an RSE): `{scope, name, bytes, adler32, md5, pfn, state, meta}`.
public struct RucioNewReplica: Sendable {
    public var did: RucioDID
    public var bytes: Int64
    /// 8 hex digits.
    public var adler32: String?
    /// 32 hex digits.
    public var md5: String?
    /// Only for non-deterministic RSEs, where it must match the RSE protocol's host, port and
    /// prefix; for deterministic ones Rucio computes it and refuses a different one (400
    /// `InvalidPath`).
    public var pfn: String?
    /// Stored as `meta.guid` (dashed or not; Rucio keeps 32 hex digits).
    public var guid: String?
    /// Further metadata for a *new* file DID; keys that are `dids` columns go there, others to
    /// the JSON plugin.
    public var meta: OrderedDictionary<String, JSON>
    /// nil: Rucio's default, `AVAILABLE`.
    public var state: RucioReplicaState?

    public init(
        did: RucioDID, bytes: Int64, adler32: String? = nil, md5: String? = nil, pfn: String? = nil,
        guid: String? = nil, meta: OrderedDictionary<String, JSON> = [:], state: RucioReplicaState? = nil
    ) {
        self.did = did
        self.bytes = bytes
        self.adler32 = adler32
        self.md5 = md5
        self.pfn = pfn
        self.guid = guid
        self.meta = meta
        self.state = state
    }

    var json: JSON {
        var file: OrderedDictionary<String, JSON> = [
            "scope": .string(did.scope), "name": .string(did.name), "bytes": .int(bytes),
        ]
        if let adler32 { file["adler32"] = .string(adler32) }
        if let md5 { file["md5"] = .string(md5) }
        if let pfn { file["pfn"] = .string(pfn) }
        if let code = state?.code { file["state"] = .string(code) }
        var meta = meta
        if let guid { meta["guid"] = .string(guid) }
        if !meta.isEmpty { file["meta"] = .object(meta) }
        return .object(file)
    }
}

/// A replica state change for `PUT /replicas`.
public struct RucioReplicaStateUpdate: Sendable {
    public var did: RucioDID
    public var state: RucioReplicaState

    public init(did: RucioDID, state: RucioReplicaState) {
        self.did = did
        self.state = state
    }
}
