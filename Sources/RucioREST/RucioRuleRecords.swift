import GatewayJSON
import OrderedCollections

/// A replication rule as Rucio lists it (`GET /rules/{id}`, `GET /dids/{scope}/{name}/rules`).
public struct RucioRule: Sendable {
    public var id: String
    public var did: RucioDID
    public var account: String?
    public var rseExpression: String?
    /// `OK`, `REPLICATING`, `STUCK`, `SUSPENDED`, `WAITING_APPROVAL`, `INJECT`.
    public var state: String?
    public var copies: Int64?
    /// `NONE`, `DATASET`, `ALL`.
    public var grouping: String?
    public var activity: String?
    /// Rucio's date text, nil for a rule without lifetime.
    public var expiresAt: String?
    public var isLocked: Bool?
    public var raw: JSON

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let id = record["id"]?.string, let did = RucioDID(record: record) else { return nil }
        self.id = id
        self.did = did
        account = record["account"]?.string
        rseExpression = record["rse_expression"]?.string
        state = record["state"]?.string
        copies = record["copies"]?.integer
        grouping = record["grouping"]?.string
        activity = record["activity"]?.string
        expiresAt = record["expires_at"]?.string
        isLocked = record["locked"]?.boolValue
        raw = record
    }
}

/// A new replication rule for `POST /rules/`.
///
/// Pitfalls (Rucio 41, generic permissions): `activity` must be one of the schema's activities —
/// DIRAC's own plugin sends `"User Transfers"`, which is refused (409 `InvalidObject`); leave it
/// nil for `"User Subscriptions"`. Without the `admin` attribute the account needs quota on the
/// target RSEs (else 409 `InsufficientAccountLimit`). A rule on replicas that already exist at the
/// target is satisfied at once; anything else waits for Rucio's daemons.
public struct RucioRuleSpec: Sendable {
    /// At most 1000 (Rucio's schema).
    public var dids: [RucioDID]
    /// The rule owner; Rucio requires it and, without admin rights, it must be the caller.
    public var account: String
    public var copies: Int
    public var rseExpression: String
    /// `NONE`, `DATASET` (Rucio's REST default) or `ALL`.
    public var grouping: String
    /// Seconds; nil: no expiry.
    public var lifetime: Int64?
    public var activity: String?
    public var weight: String?
    public var locked: Bool?
    public var comment: String?
    /// Any other member (`purge_replicas`, `ignore_availability`, `ask_approval`, `asynchronous`,
    /// `source_replica_expression`, `meta`, `priority`, …).
    public var extra: OrderedDictionary<String, JSON>

    public init(
        dids: [RucioDID], account: String, copies: Int = 1, rseExpression: String, grouping: String = "NONE",
        lifetime: Int64? = nil, activity: String? = nil, weight: String? = nil, locked: Bool? = nil,
        comment: String? = nil, extra: OrderedDictionary<String, JSON> = [:]
    ) {
        self.dids = dids
        self.account = account
        self.copies = copies
        self.rseExpression = rseExpression
        self.grouping = grouping
        self.lifetime = lifetime
        self.activity = activity
        self.weight = weight
        self.locked = locked
        self.comment = comment
        self.extra = extra
    }

    var json: JSON {
        var body: OrderedDictionary<String, JSON> = [
            "dids": .array(dids.map(\.json)),
            "account": .string(account),
            "copies": .int(Int64(copies)),
            "rse_expression": .string(rseExpression),
            "grouping": .string(grouping),
            "lifetime": lifetime.map(JSON.int) ?? .null,
        ]
        if let activity { body["activity"] = .string(activity) }
        if let weight { body["weight"] = .string(weight) }
        if let locked { body["locked"] = .bool(locked) }
        if let comment { body["comment"] = .string(comment) }
        for (key, value) in extra { body[key] = value }
        return .object(body)
    }
}
