#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GatewayJSON
import OrderedCollections

/// One DID as `GET /dids/{scope}/{name}` describes it.
///
/// Files: `{scope, name, type: "FILE", account, bytes, length: 1, md5, adler32}`. Collections:
/// `{scope, name, type, account, open, monotonic, expired_at, length, bytes}`, where a dataset's
/// `length`/`bytes` stay null until it is closed or a daemon fills them, unless asked with
/// `dynamicDepth` (computed live).
public struct RucioDIDInfo: Sendable {
    public var did: RucioDID
    public var type: RucioDIDType
    public var account: String?
    public var bytes: Int64?
    public var length: Int64?
    public var md5: String?
    public var adler32: String?
    /// Collections only.
    public var isOpen: Bool?
    public var isMonotonic: Bool?
    /// Rucio's date text (`Sun, 22 Nov 2026 01:39:13 UTC`), parse with `RucioDate.parse`.
    public var expiredAt: String?
    /// The record as received.
    public var raw: JSON

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let did = RucioDID(record: record), let type = record["type"]?.string else { return nil }
        self.did = did
        self.type = RucioDIDType(rawValue: type)
        account = record["account"]?.string
        bytes = record["bytes"]?.integer
        length = record["length"]?.integer
        md5 = record["md5"]?.string
        adler32 = record["adler32"]?.string
        isOpen = record["open"]?.boolValue
        isMonotonic = record["monotonic"]?.boolValue
        expiredAt = record["expired_at"]?.string
        raw = record
    }
}

/// A child in `GET /dids/{scope}/{name}/dids` (list content) or a parent in `…/parents`:
/// `{scope, name, type, bytes, adler32, md5}` (parents carry only scope, name and type).
public struct RucioContentEntry: Sendable {
    public var did: RucioDID
    public var type: RucioDIDType
    public var bytes: Int64?
    public var adler32: String?
    public var md5: String?

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let did = RucioDID(record: record), let type = record["type"]?.string else { return nil }
        self.did = did
        self.type = RucioDIDType(rawValue: type)
        bytes = record["bytes"]?.integer
        adler32 = record["adler32"]?.string
        md5 = record["md5"]?.string
    }
}

/// A file from `GET /dids/{scope}/{name}/files` or `POST /dids/bulkfiles`:
/// `{scope, name, bytes, adler32, guid, events}`, plus the collection it was found through for
/// `bulkfiles` (`parent_scope`, `parent_name`). Collections are expanded recursively; a FILE DID
/// lists itself.
public struct RucioFileEntry: Sendable {
    public var did: RucioDID
    public var bytes: Int64?
    public var adler32: String?
    /// As Rucio prints it here: 32 **upper-case** hex digits without dashes (bulkmeta prints
    /// lower case), or nil.
    public var guid: String?
    public var events: Int64?
    /// `bulkfiles` only: the requested collection the file belongs to.
    public var parent: RucioDID?

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let did = RucioDID(record: record) else { return nil }
        self.did = did
        bytes = record["bytes"]?.integer
        adler32 = record["adler32"]?.string
        guid = record["guid"]?.string
        events = record["events"]?.integer
        if let scope = record["parent_scope"]?.string, let name = record["parent_name"]?.string {
            parent = RucioDID(scope: scope, name: name)
        }
    }
}

/// Which metadata `bulkmeta` and `GET …/meta` return (Rucio's metadata plugins).
public struct RucioMetadataPlugin: RawRepresentable, Sendable, Hashable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The fixed columns of the `dids` table: `did_type`, `bytes`, `length`, `adler32`, `md5`,
    /// `guid`, `account`, `is_open`, `created_at`, `updated_at`, … (the default).
    public static let didColumn = RucioMetadataPlugin(rawValue: "DID_COLUMN")
    /// The free-form JSON document (needs PostgreSQL, MySQL or Oracle on the server).
    public static let json = RucioMetadataPlugin(rawValue: "JSON")
    /// Both merged.
    public static let all = RucioMetadataPlugin(rawValue: "ALL")
}

/// One DID's metadata from `POST /dids/bulkmeta` or `GET /dids/{scope}/{name}/meta`.
///
/// Open-ended by nature, so the values stay JSON; the accessors below read the DID_COLUMN fields
/// (present with `.didColumn` and `.all`).
public struct RucioMetadataRecord: Sendable {
    public var did: RucioDID
    /// Every member as received, `scope` and `name` included, in Rucio's order.
    public var values: OrderedDictionary<String, JSON>

    public init(did: RucioDID, values: OrderedDictionary<String, JSON>) {
        self.did = did
        self.values = values
    }

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let did = RucioDID(record: record), case .object(let members) = record else { return nil }
        self.init(did: did, values: members)
    }

    public subscript(key: String) -> JSON? { values[key] }

    public var didType: RucioDIDType? { values["did_type"]?.string.map(RucioDIDType.init(rawValue:)) }
    public var bytes: Int64? { values["bytes"]?.integer }
    public var length: Int64? { values["length"]?.integer }
    public var adler32: String? { values["adler32"]?.string }
    public var md5: String? { values["md5"]?.string }
    /// 32 lower-case hex digits without dashes (Rucio's GUID column), or nil.
    public var guid: String? { values["guid"]?.string }
    public var account: String? { values["account"]?.string }
    public var isOpen: Bool? { values["is_open"]?.boolValue }
    public var createdAt: Date? { values["created_at"]?.string.flatMap(RucioDate.parse) }
    public var updatedAt: Date? { values["updated_at"]?.string.flatMap(RucioDate.parse) }
}

/// A result of `GET /dids/{scope}/dids/search`: the name only, or with `long` the type and
/// size as well (which the JSON metadata plugin leaves null).
public struct RucioSearchResult: Sendable {
    public var did: RucioDID
    public var type: RucioDIDType?
    public var bytes: Int64?
    public var length: Int64?

    /// Decodes a search result: a bare name (a JSON string) in `scope`, or a `long` record.
    public init?(json record: JSON, scope: String) {
        switch record {
        case .string(let name):
            did = RucioDID(scope: scope, name: name)
        case .object:
            guard let did = RucioDID(record: record) else { return nil }
            self.did = did
            type = record["did_type"]?.string.map(RucioDIDType.init(rawValue:))
            bytes = record["bytes"]?.integer
            length = record["length"]?.integer
        default:
            return nil
        }
    }
}

/// An account as `GET /accounts/{account}` describes it.
public struct RucioAccountInfo: Sendable {
    public var account: String
    /// `USER`, `GROUP` or `SERVICE`.
    public var accountType: String?
    /// `ACTIVE`, `SUSPENDED`, …
    public var status: String?
    public var email: String?
    public var raw: JSON

    /// Decodes Rucio's JSON record; nil when a required member is missing.
    public init?(json record: JSON) {
        guard let account = record["account"]?.string else { return nil }
        self.account = account
        accountType = record["account_type"]?.string
        status = record["status"]?.string
        email = record["email"]?.string
        raw = record
    }
}
