import GatewayJSON
import OrderedCollections

/// A dataset or container to create (`POST /dids`, `POST /dids/{scope}/{name}`).
///
/// Files cannot be created this way (Rucio: "Only collection (dataset/container) can be
/// registered"): they come into being with their first replica (`addReplicas`,
/// `diracAddFiles`, or an attachment that names an RSE).
public struct RucioNewCollection: Sendable {
    public var did: RucioDID
    /// `.dataset` or `.container`.
    public var type: RucioDIDType
    /// The owner; nil: the calling account. Only the bulk endpoint honours it (root/admin only).
    public var account: String?
    public var monotonic: Bool?
    public var meta: OrderedDictionary<String, JSON>
    /// Rules to create with it (Rucio's rule dicts).
    public var rules: [JSON]
    /// Seconds until the collection expires.
    public var lifetime: Int64?
    /// Existing DIDs to attach at once.
    public var children: [RucioDID]
    /// With `children` naming new files: the RSE their replicas are on.
    public var rse: String?

    public init(
        did: RucioDID, type: RucioDIDType, account: String? = nil, monotonic: Bool? = nil,
        meta: OrderedDictionary<String, JSON> = [:], rules: [JSON] = [], lifetime: Int64? = nil,
        children: [RucioDID] = [], rse: String? = nil
    ) {
        self.did = did
        self.type = type
        self.account = account
        self.monotonic = monotonic
        self.meta = meta
        self.rules = rules
        self.lifetime = lifetime
        self.children = children
        self.rse = rse
    }

    /// The members shared by both endpoints (the single one takes the DID from the path).
    func json(includingDID: Bool) -> JSON {
        var body: OrderedDictionary<String, JSON> = [:]
        if includingDID {
            body["scope"] = .string(did.scope)
            body["name"] = .string(did.name)
        }
        body["type"] = .string(type.rawValue)
        if let account, includingDID { body["account"] = .string(account) }
        if let monotonic { body["statuses"] = .object(["monotonic": .bool(monotonic)]) }
        if !meta.isEmpty { body["meta"] = .object(meta) }
        if !rules.isEmpty { body["rules"] = .array(rules) }
        if let lifetime { body["lifetime"] = .int(lifetime) }
        if !children.isEmpty { body["dids"] = .array(children.map(\.json)) }
        if let rse { body["rse"] = .string(rse) }
        return .object(body)
    }
}

/// DIDs to attach to one parent collection (`POST /dids/attachments`).
///
/// Rucio's hierarchy rules apply: a dataset holds only files, a container only collections, the
/// parent must be open. With `rse`, children that are new *files* are created together with
/// their replica on that RSE (give them as `RucioNewReplica` for their size and checksums).
public struct RucioAttachment: Sendable {
    public var parent: RucioDID
    public var rse: String?
    /// The children as Rucio's dicts (`{scope, name}` or a full file dict).
    var children: [JSON]

    /// Attach existing DIDs.
    public init(parent: RucioDID, dids: [RucioDID]) {
        self.parent = parent
        rse = nil
        children = dids.map(\.json)
    }

    /// Attach files, creating those that do not exist with a replica on `rse`. Rucio answers 412
    /// `FileConsistencyMismatch` when a given size or checksum differs from a stored one.
    public init(parent: RucioDID, files: [RucioNewReplica], rse: String) {
        self.parent = parent
        self.rse = rse
        children = files.map(\.json)
    }

    public var childCount: Int { children.count }

    func json(children slice: ArraySlice<JSON>) -> JSON {
        var body: OrderedDictionary<String, JSON> = [
            "scope": .string(parent.scope), "name": .string(parent.name), "dids": .array(Array(slice)),
        ]
        if let rse { body["rse"] = .string(rse) }
        return .object(body)
    }
}

/// Metadata to set on one DID with `POST /dids/bulkdidsmeta`.
public struct RucioMetadataUpdate: Sendable {
    public var did: RucioDID
    public var meta: OrderedDictionary<String, JSON>

    public init(did: RucioDID, meta: OrderedDictionary<String, JSON>) {
        self.did = did
        self.meta = meta
    }

    var json: JSON { .object(["scope": .string(did.scope), "name": .string(did.name), "meta": .object(meta)]) }
}

/// What `GET /dids/{scope}/dids/search` looks for (`type=`).
public enum RucioDIDSearchType: String, Sendable {
    case all, collection, dataset, container, file
}

/// One file for `POST /dirac/addfiles`: `{lfn, rse, bytes, adler32, guid, pfn, meta}`.
///
/// The server derives the scope from `lfn` with *its* configured scope algorithm, and the name
/// is `lfn` unchanged.
public struct RucioDiracFile: Sendable {
    public var lfn: String
    public var rse: String
    public var bytes: Int64
    public var adler32: String?
    public var guid: String?
    /// Only for non-deterministic RSEs (see `RucioNewReplica.pfn`).
    public var pfn: String?
    public var meta: OrderedDictionary<String, JSON>

    public init(
        lfn: String, rse: String, bytes: Int64, adler32: String? = nil, guid: String? = nil, pfn: String? = nil,
        meta: OrderedDictionary<String, JSON> = [:]
    ) {
        self.lfn = lfn
        self.rse = rse
        self.bytes = bytes
        self.adler32 = adler32
        self.guid = guid
        self.pfn = pfn
        self.meta = meta
    }

    var json: JSON {
        var entry: OrderedDictionary<String, JSON> = [
            "lfn": .string(lfn), "rse": .string(rse), "bytes": .int(bytes),
        ]
        if let adler32 { entry["adler32"] = .string(adler32) }
        if let guid { entry["guid"] = .string(guid) }
        if let pfn { entry["pfn"] = .string(pfn) }
        if !meta.isEmpty { entry["meta"] = .object(meta) }
        return .object(entry)
    }
}
