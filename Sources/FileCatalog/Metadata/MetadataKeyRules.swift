/// Which metadata keys may be set, and why not (`setMetadata`, `addMetadataField`).
///
/// The DFC refuses invalid SQL identifiers for declared fields and the standard keys for file fields; Rucio adds
/// its own limits, which the gateway checks first so that a refused key is a clear `S_ERROR` and nothing is
/// written: keys holding `.` (Rucio's key/operator separator, `RESTRICTED_CHARACTERS`), and keys that Rucio
/// routes to a column of its `dids` table instead of the JSON document (`version`, `guid`, `events`, ...: the
/// DID_COLUMN plugin always wins, so such a value would land in a typed column, be unsearchable together with
/// JSON keys, or be refused).
public enum MetadataKeyRules {
    /// DFC's `FILE_STANDARD_METAKEYS` (`DIRAC/DataManagementSystem/Client/MetaQuery.py`): evaluated on the file
    /// records, never user metadata.
    public static let standardKeys: Set<String> = [
        "SE", "CreationDate", "ModificationDate", "LastAccessDate", "User", "Group", "Path", "Name", "FileName",
        "CheckSum", "GUID", "UID", "GID", "Size", "Status",
    ]

    /// Keys Rucio does not keep in the JSON document (rucio 41.5.1: the `dids` columns DidColumnMeta manages, the
    /// gateway's `RESERVED_KEYS`, and the search-only names).
    public static let rucioReservedKeys: Set<String> = [
        "name", "hidden", "is_new", "bytes", "length", "md5", "adler32", "expired_at", "purge_replicas",
        "deleted_at", "events", "guid", "project", "datatype", "run_number", "stream_name", "prod_step", "version",
        "campaign", "task_id", "panda_id", "lumiblocknr", "provenance", "phys_group", "transient", "accessed_at",
        "closed_at", "eol_at", "is_archive", "constituent", "access_cnt", "lifetime", "type", "created_before",
        "created_after", "created_at", "updated_at", "scope", "account", "did_type", "is_open", "monotonic",
        "obsolete", "complete", "availability", "suppressed", "rule_evaluation_action", "rule_evaluation_required",
    ]

    /// DFC's `_checkIdentifier` (`SQL_IDENTIFIER_RE = ^[a-zA-Z_][a-zA-Z0-9_]*$`), which declared field names
    /// must pass (they become MySQL table names in the DFC).
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isASCIILetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
    }

    /// Why a key cannot be stored as user metadata in Rucio, or nil. Undeclared keys need not be identifiers
    /// (CTAO's own checks use `find-by-meta`), but Rucio's restrictions apply to every key.
    public static func problem(withKey key: String) -> String? {
        if key.isEmpty { return "Invalid metadata name: empty key" }
        if key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "Invalid metadata name: \(key.debugDescription) holds a control character"
        }
        if key.contains(".") {
            return "Invalid metadata name: \(key) ('.' is not allowed in Rucio metadata keys)"
        }
        if rucioReservedKeys.contains(key) {
            return "Invalid metadata name: \(key) is reserved by Rucio (a column of its DID table), choose another name"
        }
        if AncestryKeys.all.contains(key) {
            return "Invalid metadata name: \(key) is kept by the gateway (file ancestry)"
        }
        if standardKeys.contains(key) {
            return "Invalid metadata name: \(key) is a standard file attribute of the catalog"
        }
        return nil
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
