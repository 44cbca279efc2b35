import DIRACWire
import GatewayJSON
import OrderedCollections

/// How metadata values travel between DIRAC and Rucio's JSON metadata.
///
/// Rucio's JSON filters compare numbers as numbers and strings as strings, so a value is stored typed by its
/// declared field, as MySQL would hold it in the DFC's `FC_Meta_<name>` table: `INT` as a JSON integer, `FLOAT` as
/// a JSON number, `VARCHAR` as a string (`str(value)`), `DATETIME` as `"YYYY-MM-DD HH:MM:SS"` (a format Rucio's
/// filter engine parses as a date). Undeclared keys (the DFC's non-searchable "meta parameters") keep the JSON
/// type of the value DIRAC sent, so what CTAO's ingestion writes natively and what DIRAC writes look alike.
public enum MetadataValueCoding {
    /// The JSON value to store for `key`, or why the value does not fit its field.
    public static func stored(_ value: DIRACValue, key: String, type: MetadataFieldType?) -> Result<JSON, MetadataValueProblem> {
        guard let type else { return undeclared(value, key: key) }
        func refuse() -> Result<JSON, MetadataValueProblem> {
            .failure(MetadataValueProblem(
                message: "Illegal value for metadata \(key) of type \(type.declared): \(LogText.safe(value.pythonRepr, limit: 128))"))
        }
        switch type.kind {
        case .integer:
            switch value {
            case .int(let number): return .success(.int(number))
            case .double(let number) where number.rounded() == number && abs(number) < 9.2e18: return .success(.int(Int64(number)))
            case .string(let text):
                if let number = Int64(trimmed(text)) { return .success(.int(number)) }
                return refuse()
            default: return refuse()
            }
        case .float:
            switch value {
            case .int(let number): return .success(.double(Double(number)))
            case .double(let number) where number.isFinite: return .success(.double(number))
            case .string(let text):
                if let number = Double(trimmed(text)), number.isFinite { return .success(.double(number)) }
                return refuse()
            default: return refuse()
            }
        case .string(let maxLength):
            let text: String
            switch value {
            case .string(let string): text = string
            case .int, .double, .bool: text = value.pythonRepr
            default: return refuse()
            }
            if let maxLength, text.count > maxLength {
                return .failure(MetadataValueProblem(
                    message: "Illegal value for metadata \(key) of type \(type.declared): longer than \(maxLength) characters"))
            }
            return .success(.string(text))
        case .metaSet:
            guard case .string(let text) = value else { return refuse() }
            return .success(.string(text))
        case .datetime:
            switch value {
            case .datetime(let time): return .success(.string(time.description))
            case .date(let date): return .success(.string(date.description + " 00:00:00"))
            case .string(let text):
                if let time = DIRACDateTime(parsing: text) { return .success(.string(time.description)) }
                if let date = DIRACDate(parsing: text) { return .success(.string(date.description + " 00:00:00")) }
                return refuse()
            default: return refuse()
            }
        }
    }

    static func trimmed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = text.drop(while: isSpace)
        return start.reversed().drop(while: isSpace).isEmpty ? "" : start[..<(start.lastIndex { !isSpace($0) }.map { start.index(after: $0) } ?? start.endIndex)]
    }

    static func undeclared(_ value: DIRACValue, key: String) -> Result<JSON, MetadataValueProblem> {
        switch value {
        case .none: return .success(.null)
        case .bool(let flag): return .success(.bool(flag))
        case .int(let number): return .success(.int(number))
        case .double(let number) where number.isFinite: return .success(.double(number))
        case .string(let text): return .success(.string(text))
        case .datetime(let time): return .success(.string(time.description))
        case .date(let date): return .success(.string(date.description))
        case .list(let items):
            var stored: [JSON] = []
            for item in items {
                switch undeclared(item, key: key) {
                case .success(let json): stored.append(json)
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(.array(stored))
        case .dict(let members):
            var stored: OrderedDictionary<String, JSON> = [:]
            for (name, item) in members {
                switch undeclared(item, key: key) {
                case .success(let json): stored[name] = json
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(.object(stored))
        case .double, .bytes:
            return .failure(MetadataValueProblem(
                message: "Illegal value for metadata \(key): \(LogText.safe(value.pythonRepr, limit: 128)) cannot be stored in Rucio"))
        }
    }

    /// The value DIRAC callers get for a stored one: typed by the field (`DATETIME` as a `datetime`, as MySQL
    /// answers it to the DFC), otherwise by its JSON type.
    public static func answer(_ json: JSON, type: MetadataFieldType?) -> DIRACValue {
        if case .datetime? = type?.kind, case .string(let text) = json, let time = DIRACDateTime(parsing: text) {
            return .datetime(time)
        }
        return plain(json)
    }

    static func plain(_ json: JSON) -> DIRACValue {
        switch json {
        case .null: .none
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(plain))
        case .object(let members): .dict(members.mapValues(plain))
        }
    }
}

/// A metadata value that does not fit its field (the whole `setMetadata` call fails, nothing is written).
public struct MetadataValueProblem: Error, Sendable, Hashable {
    public var message: String
}
