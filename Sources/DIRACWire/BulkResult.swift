import OrderedCollections

/// DIRAC's bulk answer, `S_OK({"Successful": {key: value}, "Failed": {key: "reason"}})`, keyed by the caller's
/// own spellings of each LFN. Both dictionaries are always present: `@checkCatalogArguments` on the client
/// indexes both and raises `KeyError` otherwise.
public struct BulkResult: Sendable, Hashable {
    public private(set) var successful: OrderedDictionary<String, DIRACValue> = [:]
    public private(set) var failed: OrderedDictionary<String, DIRACValue> = [:]

    public init() {}

    /// Records a success for every caller spelling of the entry.
    public mutating func succeed(_ entry: LFNArgument.Entry, _ value: DIRACValue) {
        for key in entry.callerKeys {
            failed[key] = nil
            successful[key] = value
        }
    }

    /// Records a failure with DFC's reason string for every caller spelling of the entry.
    public mutating func fail(_ entry: LFNArgument.Entry, _ reason: String) {
        for key in entry.callerKeys {
            successful[key] = nil
            failed[key] = .string(reason)
        }
    }

    /// Records a success under a key that is not an LFN (a GUID, a dataset name).
    public mutating func succeed(key: String, _ value: DIRACValue) {
        failed[key] = nil
        successful[key] = value
    }

    /// Records a failure under a key that is not an LFN.
    public mutating func fail(key: String, _ reason: String) {
        successful[key] = nil
        failed[key] = .string(reason)
    }

    /// The `Value` of the answer.
    public var value: DIRACValue {
        .dict(["Successful": .dict(successful), "Failed": .dict(failed)])
    }

    /// `S_OK(value)`.
    public var result: DIRACResult { .ok(value) }
}
