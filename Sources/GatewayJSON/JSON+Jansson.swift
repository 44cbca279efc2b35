import CJansson
import JanssonShim
import OrderedCollections

extension JSON {
    /// Parses one JSON document (any top-level value) with jansson.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(JSONError) {
        var error = json_error_t()
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? emptyCString
        guard let root = json_loadb(base, bytes.count, jshim_load_flags(), &error) else {
            throw JSONError(janssonError: error)
        }
        defer { jshim_decref(root) }
        self = JSON(janssonValue: root)
    }

    /// Parses one JSON document from bytes.
    public init(parsing bytes: [UInt8]) throws(JSONError) {
        let result: Result<JSON, JSONError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONError) in try JSON(parsing: buffer) }
        }
        self = try result.get()
    }

    /// Parses one JSON document from a string.
    public init(parsing text: String) throws(JSONError) {
        var text = text
        let result: Result<JSON, JSONError> = text.withUTF8 { buffer in
            Result { () throws(JSONError) in try JSON(parsing: UnsafeRawBufferPointer(buffer)) }
        }
        self = try result.get()
    }

    /// Serialises with jansson: compact by default (what goes on the wire), indented and key-sorted for humans.
    public func serialized(indent: Int = 0, sortKeys: Bool = false) -> [UInt8] {
        let root = makeJanssonValue()
        defer { jshim_decref(root) }
        let flags = jshim_dump_flags(Int32(indent), sortKeys ? 1 : 0)
        let size = json_dumpb(root, nil, 0, flags)
        guard size > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: size) { json_dumpb(root, $0, size, flags) }
            } ?? 0
        }
    }

    /// The serialised text.
    public func serializedString(indent: Int = 0, sortKeys: Bool = false) -> String {
        String(decoding: serialized(indent: indent, sortKeys: sortKeys), as: UTF8.self)
    }
}

extension JSONError {
    init(janssonError error: json_error_t) {
        var error = error
        let message = withUnsafeBytes(of: &error.text) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        self.init(message: message, line: Int(error.line), column: Int(error.column), position: Int(error.position))
    }
}

extension JSON {
    /// Copies a jansson tree into the Swift value (jansson keeps object members in insertion order).
    init(janssonValue value: UnsafeMutablePointer<json_t>) {
        switch jshim_typeof(value) {
        case JSON_NULL:
            self = .null
        case JSON_TRUE:
            self = .bool(true)
        case JSON_FALSE:
            self = .bool(false)
        case JSON_INTEGER:
            self = .int(Int64(json_integer_value(value)))
        case JSON_REAL:
            self = .double(json_real_value(value))
        case JSON_STRING:
            let length = json_string_length(value)
            let text = json_string_value(value).map { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                }
            }
            self = .string(text ?? "")
        case JSON_ARRAY:
            let count = json_array_size(value)
            var elements: [JSON] = []
            elements.reserveCapacity(count)
            for index in 0..<count {
                if let element = json_array_get(value, index) {
                    elements.append(JSON(janssonValue: element))
                }
            }
            self = .array(elements)
        case JSON_OBJECT:
            var members = OrderedDictionary<String, JSON>(minimumCapacity: json_object_size(value))
            var iterator = json_object_iter(value)
            while let current = iterator {
                // Keys may hold NUL bytes with JSON_ALLOW_NUL; json_object_iter_key_len gives the real length.
                let keyLength = json_object_iter_key_len(current)
                let key = json_object_iter_key(current).map { pointer in
                    pointer.withMemoryRebound(to: UInt8.self, capacity: keyLength) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: keyLength), as: UTF8.self)
                    }
                } ?? ""
                if let member = json_object_iter_value(current) {
                    members[key] = JSON(janssonValue: member)
                }
                iterator = json_object_iter_next(value, current)
            }
            self = .object(members)
        default:
            self = .null
        }
    }

    /// Builds a jansson tree (one new reference, released by the caller). Swift strings are valid UTF-8,
    /// so the `_nocheck` variants skip jansson's second UTF-8 validation.
    func makeJanssonValue() -> UnsafeMutablePointer<json_t> {
        switch self {
        case .null:
            return json_null()
        case .bool(let value):
            return value ? json_true() : json_false()
        case .int(let value):
            return json_integer(json_int_t(value))
        case .double(let value):
            // jansson refuses NaN and infinities; JSON has no spelling for them that every reader accepts.
            return value.isFinite ? json_real(value) : json_null()
        case .string(let value):
            var value = value
            return value.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { json_stringn_nocheck($0.baseAddress ?? emptyCString, $0.count) }
            }
        case .array(let elements):
            let array = json_array()!
            for element in elements {
                json_array_append_new(array, element.makeJanssonValue())
            }
            return array
        case .object(let members):
            let object = json_object()!
            for (key, member) in members {
                var key = key
                key.withUTF8 { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        _ = json_object_setn_new_nocheck(object, $0.baseAddress ?? emptyCString, $0.count, member.makeJanssonValue())
                    }
                }
            }
            return object
        }
    }
}

/// A valid pointer for zero-length inputs (jansson rejects NULL buffers even when the length is 0).
nonisolated(unsafe) private let emptyCString: UnsafePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return UnsafePointer(pointer)
}()
