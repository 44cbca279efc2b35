import DIRACWire
import OrderedCollections

extension MetaQuery {
    /// Parses a query dictionary as the DFC reads it (`DirectoryMetadata.__createMetaSelection`,
    /// `FileMetadata.__createMetaSelection`): a scalar is equality (a file-level string with `*`/`?` a
    /// wildcard match), `"Any"`/`"Missing"` (any case, as `applyQuery` compares them), a list is `in`, a dict
    /// maps operators `= != > < >= <= in nin` to operands (several ANDed). Operands are typed by the key's
    /// field, so the TransformationDB's stored queries (numbers as strings, `"20.0"`) compare as numbers.
    ///
    /// Where the DFC silently ignores or fails inside MySQL, the gateway answers a precise `S_ERROR` and runs
    /// nothing: an unknown operator, an empty list or dict, a list given to a comparison (the DFC's own
    /// "Illegal query: list of values for comparison operation"), an operand that does not fit the field's type
    /// (`applyQuery`'s "Illegal type for metadata ..."), `Path` (the DFC's "Illegal standard meta key Path").
    public init(parsing query: OrderedDictionary<String, DIRACValue>, schema: MetadataSchema) throws(DIRACError) {
        var terms: [MetaTerm] = []
        for (key, value) in query {
            let level: MetaKeyLevel
            if let field = schema.field(key) {
                level = field.level == .directory ? .directory(field.type) : .file(field.type)
            } else if let standard = StandardFileKey(rawValue: key) {
                level = .standard(standard)
            } else if MetadataKeyRules.standardKeys.contains(key) {
                throw DIRACError("Illegal standard meta key \(key)")
            } else {
                if let problem = MetadataKeyRules.problem(withKey: key) {
                    throw DIRACError("Illegal query: \(problem)")
                }
                level = .undeclared
            }
            terms.append(MetaTerm(key: key, level: level, conditions: try Self.conditions(key, value, level)))
        }
        self.init(terms: terms)
    }

    static func conditions(_ key: String, _ value: DIRACValue, _ level: MetaKeyLevel) throws(DIRACError) -> [MetaCondition] {
        switch value {
        case .list(let items):
            return [.oneOf(try operands(key, items, level))]
        case .dict(let members):
            guard !members.isEmpty else { throw DIRACError("Illegal query: no operator given for \(key)") }
            var conditions: [MetaCondition] = []
            for (operation, operand) in members {
                switch operation {
                case ">", "<", ">=", "<=":
                    if case .list = operand { throw DIRACError("Illegal query: list of values for comparison operation") }
                    let typed = try scalar(key, operand, level)
                    switch operation {
                    case ">": conditions.append(.greater(typed))
                    case "<": conditions.append(.less(typed))
                    case ">=": conditions.append(.greaterOrEqual(typed))
                    default: conditions.append(.lessOrEqual(typed))
                    }
                case "=", "in":
                    if case .list(let items) = operand {
                        conditions.append(.oneOf(try operands(key, items, level)))
                    } else {
                        conditions.append(.equal(try scalar(key, operand, level)))
                    }
                case "!=", "nin":
                    if case .list(let items) = operand {
                        conditions.append(.noneOf(try operands(key, items, level)))
                    } else {
                        conditions.append(.notEqual(try scalar(key, operand, level)))
                    }
                default:
                    throw DIRACError(
                        "Illegal query: unknown operator \(LogText.safe(operation, limit: 32).debugDescription) for \(key) (use = != > < >= <= in nin)")
                }
            }
            return conditions
        case .string(let text) where text.lowercased() == "any":
            return [.any]
        case .string(let text) where text.lowercased() == "missing":
            return [.missing]
        case .string(let text) where !level.isDirectory && level.fieldType.map(isStringField) != false
            && (text.contains("*") || text.contains("?")):
            return [.like(text)]
        default:
            return [.equal(try scalar(key, value, level))]
        }
    }

    static func isStringField(_ type: MetadataFieldType) -> Bool {
        switch type.kind {
        case .string, .metaSet: true
        case .integer, .float, .datetime: false
        }
    }

    static func operands(_ key: String, _ items: [DIRACValue], _ level: MetaKeyLevel) throws(DIRACError) -> [MetaScalar] {
        guard !items.isEmpty else { throw DIRACError("Illegal query: empty list of values for \(key)") }
        var typed: [MetaScalar] = []
        for item in items { typed.append(try scalar(key, item, level)) }
        return typed
    }

    /// One operand, typed as `applyQuery.getTypedValue` types it (int / float / date / str by the field type).
    static func scalar(_ key: String, _ value: DIRACValue, _ level: MetaKeyLevel) throws(DIRACError) -> MetaScalar {
        func illegal() -> DIRACError {
            DIRACError("Illegal type for metadata \(key): \(LogText.safe(value.pythonRepr, limit: 128)) in filter")
        }
        let raw: MetaScalar
        switch value {
        case .int(let number): raw = .int(number)
        case .double(let number) where number.isFinite: raw = .double(number)
        case .string(let text): raw = .string(text)
        case .bool(let flag): raw = .bool(flag)
        case .datetime(let time): raw = .datetime(time)
        case .date(let date): raw = .datetime(DIRACDateTime(year: date.year, month: date.month, day: date.day))
        default: throw illegal()
        }
        let kind: MetadataFieldType.Kind?
        switch level {
        case .directory(let type), .file(let type): kind = type.kind
        case .undeclared: kind = nil
        case .standard(let standard):
            switch standard {
            case .size: kind = .integer
            case .creationDate, .modificationDate: kind = .datetime
            default: kind = .string(maxLength: nil)
            }
        }
        guard let kind else { return raw }
        switch kind {
        case .integer, .float:
            guard let number = MetaScalar.number(raw) else { throw illegal() }
            if case .integer = kind, number.rounded() == number, abs(number) < 9.2e18 { return .int(Int64(number)) }
            return .double(number)
        case .datetime:
            switch raw {
            case .datetime: return raw
            case .string(let text):
                if let time = DIRACDateTime(parsing: text) { return .datetime(time) }
                if let date = DIRACDate(parsing: text) {
                    return .datetime(DIRACDateTime(year: date.year, month: date.month, day: date.day))
                }
                throw illegal()
            default: throw illegal()
            }
        case .string, .metaSet:
            switch raw {
            case .string: return raw
            case .int, .double, .bool: return .string(value.pythonRepr)
            case .datetime(let time): return .string(time.description)
            }
        }
    }
}

extension MetaScalar {
    /// The number a scalar stands for: numbers, and strings that read as one (`"20.0"`).
    static func number(_ scalar: MetaScalar) -> Double? {
        switch scalar {
        case .int(let number): Double(number)
        case .double(let number): number
        case .bool(let flag): flag ? 1 : 0
        case .string(let text): Double(MetadataValueCoding.trimmed(text)).flatMap { $0.isFinite ? $0 : nil }
        case .datetime: nil
        }
    }
}
