import FoundationEssentials
import GatewayJSON
import OrderedCollections
import RucioREST

/// The few `dids` columns the catalog methods answer from, kept instead of whole metadata records so that a
/// 10,000-LFN call holds a few hundred bytes per LFN.
public struct DIDFacts: Sendable, Hashable {
    public var did: RucioDID
    public var type: RucioDIDType
    public var bytes: Int64?
    public var adler32: String?
    public var md5: String?
    /// 32 lower-case hex digits (Rucio's column), or nil.
    public var guid: String?
    public var account: String?
    public var createdAt: Int64?
    public var updatedAt: Int64?
    /// `AVAILABLE`, `LOST`, `DELETED`.
    public var availability: String?
    public var isOpen: Bool?
    /// When Rucio's undertaker may delete the DID (`expired_at`, from a `lifetime`): how the gateway removes
    /// files and directories (`removeFile`, `removeDirectory`), since Rucio has no DID deletion.
    public var expiredAt: Int64?

    public init(record: RucioMetadataRecord) {
        did = record.did
        type = record.didType ?? .file
        bytes = record.bytes
        adler32 = record.adler32
        md5 = record.md5
        guid = record.guid
        account = record.account
        createdAt = record.createdAt.map { Int64($0.timeIntervalSince1970) }
        updatedAt = record.updatedAt.map { Int64($0.timeIntervalSince1970) }
        availability = record.values["availability"]?.stringValue
        isOpen = record.isOpen
        expiredAt = record.values["expired_at"]?.stringValue.flatMap(RucioDate.parse).map { Int64($0.timeIntervalSince1970) }
    }

    /// Whether the DID's lifetime is over: for DIRAC it no longer exists, though Rucio keeps it until the
    /// undertaker runs.
    public func isExpired(now: Int64) -> Bool { expiredAt.map { $0 <= now } ?? false }

    public var isFile: Bool { type == .file }
    public var isCollection: Bool { type.isCollection }
}
