import OrderedCollections

/// An LFN-collection argument after DIRAC's client-side normalisation
/// (`DIRAC/Resources/Catalog/Utilities.py`, `checkArgumentFormat`), applied again by the gateway because raw
/// RPC users (`TornadoClient`) skip the client's `@checkCatalogArguments`.
///
/// Accepts a string, a list of strings or a dict `{lfn: per-LFN value}`. Each key loses a leading `lfn:`
/// (any case) and a leading `/grid` element, then goes through `os.path.normpath`; empty keys are dropped.
/// Every entry remembers the caller's own spellings, so results are keyed exactly as the caller sent them
/// (DIRAC's decorator maps keys back and callers index by their own LFN).
public struct LFNArgument: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// The normalised LFN, what the catalog works on.
        public var lfn: String
        /// The per-LFN value (`True`, a GUID, an SE name, a dict of file attributes...).
        public var value: DIRACValue
        /// The keys the caller used for this LFN, in the order received (usually one).
        public var callerKeys: [String]
        /// Longer than `Limits.maximumLFNLength`: kept unnormalised (normalising and checking a 200 MB name costs
        /// seconds and gigabytes) and failed on its own with `oversizeReason`.
        public var oversized: Bool = false
    }

    /// What one call may hold, so that one caller cannot make the gateway spend seconds of CPU and gigabytes on
    /// one call (`server.maxLFNLength`, `server.maxLFNsPerCall`).
    public struct Limits: Sendable, Hashable {
        /// Bytes (UTF-8) in one LFN. Rucio's DID names are at most 250 characters; 4096 is Linux's PATH_MAX.
        public var maximumLFNLength: Int
        /// LFNs in one argument.
        public var maximumCount: Int

        public init(maximumLFNLength: Int = 4096, maximumCount: Int = 1_000_000) {
            self.maximumLFNLength = maximumLFNLength
            self.maximumCount = maximumCount
        }

        public static let `default` = Limits()
    }

    /// Why an oversized LFN is refused (the catalog's `Failed` reads `"Invalid LFN: <this>"`).
    public static func oversizeProblem(_ entry: Entry, limit: Int) -> String {
        "\(entry.lfn.utf8.count) bytes, more than this gateway's limit of \(limit) (server.maxLFNLength)"
    }

    /// Entries by normalised LFN, in the caller's order.
    public private(set) var entries: OrderedDictionary<String, Entry>

    /// The normalised LFNs, in the caller's order.
    public var lfns: [String] { Array(entries.keys) }

    public var count: Int { entries.count }

    /// The limits this argument was read with.
    public private(set) var limits: Limits = .default

    /// Normalises an argument as `checkArgumentFormat` does, with its error messages, within `limits`.
    public init(_ argument: DIRACValue, limits: Limits = .default) throws(DIRACError) {
        self.limits = limits
        guard argument.isTruthy else {
            throw .invalidArgument("Empty input: \(argument.pythonString)")
        }
        var pairs: [(key: String, value: DIRACValue)] = []
        switch argument {
        case .string(let path):
            pairs = [(path, true)]
        case .list(let items):
            for item in items {
                guard let path = item.stringValue else {
                    throw .invalidArgument("Utils.checkArgumentFormat: Supplied path is not of the correct format.")
                }
                pairs.append((path, true))
            }
        case .dict(let members):
            pairs = members.map { ($0.key, $0.value) }
        default:
            throw .invalidArgument("Utils.checkArgumentFormat: Supplied path is not of the correct format.")
        }
        guard pairs.count <= limits.maximumCount else {
            throw .invalidArgument(
                "\(pairs.count) LFNs in one call, more than this gateway's limit of \(limits.maximumCount) "
                    + "(server.maxLFNsPerCall): split the call")
        }
        entries = [:]
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs where !key.isEmpty {
            if key.utf8.count > limits.maximumLFNLength {
                entries[key] = Entry(lfn: key, value: value, callerKeys: [key], oversized: true)
                continue
            }
            let lfn = Self.normalise(key)
            if var existing = entries[lfn] {
                // Python's dict keeps the last value for a normalised key; every spelling is still answered.
                existing.value = value
                if !existing.callerKeys.contains(key) { existing.callerKeys.append(key) }
                entries[lfn] = existing
            } else {
                entries[lfn] = Entry(lfn: lfn, value: value, callerKeys: [key])
            }
        }
    }

    /// One key through `checkArgumentFormat`'s rules.
    public static func normalise(_ key: String) -> String {
        var path = Substring(key)
        if path.utf8.count >= 4, path.prefix(4).lowercased() == "lfn:" {
            path = path.dropFirst(4)
        }
        if path.hasPrefix("/grid/") {
            path = path.dropFirst(5)  // "/grid/a" -> "/a": the "grid" element goes, the leading "/" stays
        }
        return POSIXPath.normpath(String(path))
    }
}

extension DIRACValue {
    /// `str(value)` in Python, for the few error messages DIRAC builds from an argument.
    public var pythonString: String {
        switch self {
        case .none: "None"
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .datetime(let value): value.description
        case .date(let value): value.description
        default: pythonRepr
        }
    }

    /// `repr(value)` in Python (enough for messages: quotes, lists, dicts).
    public var pythonRepr: String {
        switch self {
        case .string(let value):
            "'" + value.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
        case .list(let values): "[" + values.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .dict(let members):
            "{" + members.map { DIRACValue.string($0.key).pythonRepr + ": " + $0.value.pythonRepr }.joined(separator: ", ") + "}"
        case .bytes(let value): "b'<\(value.count) bytes>'"
        case .datetime(let value): "datetime.datetime(\(value.description))"
        case .date(let value): "datetime.date(\(value.description))"
        default: pythonString
        }
    }
}
