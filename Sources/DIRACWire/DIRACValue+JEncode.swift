import GatewayJSON
import OrderedCollections

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JEncode, DIRAC's JSON dialect (`DIRAC/Core/Utilities/JEncode.py`): plain JSON, except that
/// `datetime`, `date` and `bytes` travel as objects tagged `{"__dCls": "dt" | "date" | "b64", "obj": …}`.
public enum JEncode {
    /// Decodes a JEncoded document.
    public static func decode(_ bytes: [UInt8]) throws(JEncodeError) -> DIRACValue {
        let json: JSON
        do {
            json = try JSON(parsing: bytes)
        } catch {
            throw .invalidJSON(error.description)
        }
        return try DIRACValue(jencoded: json)
    }

    /// Decodes a JEncoded document given as text (a form field).
    public static func decode(_ text: String) throws(JEncodeError) -> DIRACValue {
        try decode(Array(text.utf8))
    }

    /// Encodes a value as DIRAC's client expects to decode it.
    public static func encode(_ value: DIRACValue) -> [UInt8] {
        value.jencoded.serialized()
    }
}

extension DIRACValue {
    /// The key DIRAC's `DJSONDecoder.dict_to_object` looks for.
    static let classTag = "__dCls"

    /// Converts decoded JSON, resolving JEncode's tagged objects. Anything tagged with another class is refused.
    public init(jencoded json: JSON) throws(JEncodeError) {
        switch json {
        case .null: self = .none
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .array(let elements):
            var values: [DIRACValue] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                values.append(try DIRACValue(jencoded: element))
            }
            self = .list(values)
        case .object(let members):
            if let tag = members[Self.classTag] {
                self = try Self.decodeTagged(tag, members)
                return
            }
            var values = OrderedDictionary<String, DIRACValue>(minimumCapacity: members.count)
            for (key, member) in members {
                values[key] = try DIRACValue(jencoded: member)
            }
            self = .dict(values)
        }
    }

    private static func decodeTagged(_ tag: JSON, _ members: OrderedDictionary<String, JSON>) throws(JEncodeError) -> DIRACValue {
        guard let name = tag.stringValue else {
            throw .refusedClass(tag.serializedString())
        }
        let object = members["obj"]?.stringValue
        switch name {
        case "dt":
            // Exactly what DIRAC's decoder accepts (strptime "%Y-%m-%d %H:%M:%S", Python's years 1-9999): a fraction
            // or a zone would be dropped silently, a year 0000 echoed back that Python cannot decode.
            guard let object, object.utf8.count == 19, Array(object.utf8)[10] == UInt8(ascii: " "),
                let value = DIRACDateTime(parsing: object), value.secondsSinceEpoch >= DIRACDateTime.pythonMinimum
            else {
                throw .malformedTaggedValue(
                    tag: name, detail: "expected \"obj\": \"YYYY-mm-dd HH:MM:SS\" (years 0001-9999, no fraction), got \(LogText.safe(object ?? "none", limit: 64))")
            }
            return .datetime(value)
        case "date":
            guard let object, let value = DIRACDate(parsing: object), value.year >= 1 else {
                throw .malformedTaggedValue(
                    tag: name, detail: "expected \"obj\": \"YYYY-mm-dd\" (years 0001-9999), got \(LogText.safe(object ?? "none", limit: 64))")
            }
            return .date(value)
        case "b64":
            guard let object, let data = Data(base64Encoded: object) else {
                throw .malformedTaggedValue(tag: name, detail: "expected \"obj\": base64 text")
            }
            return .bytes([UInt8](data))
        default:
            throw .refusedClass(name)
        }
    }

    /// The JSON that JEncode writes for this value. Only `dt`, `date` and `b64` tags are ever emitted,
    /// since DIRAC's decoder would try to import any other class named in a `__dCls`.
    public var jencoded: JSON {
        switch self {
        case .none: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .list(let values): .array(values.map(\.jencoded))
        case .dict(let members):
            .object(OrderedDictionary(uniqueKeysWithValues: members.lazy.map { ($0.key, $0.value.jencoded) }))
        case .datetime(let value): [Self.classTag: "dt", "obj": .string(value.description)]
        case .date(let value): [Self.classTag: "date", "obj": .string(value.description)]
        case .bytes(let value): [Self.classTag: "b64", "obj": .string(Data(value).base64EncodedString())]
        }
    }
}
