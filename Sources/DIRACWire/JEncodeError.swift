/// Why a JEncoded text could not be turned into DIRAC values.
public enum JEncodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not JSON at all (jansson's message and position).
    case invalidJSON(String)
    /// An object tagged with a `__dCls` other than `dt`, `date`, `b64`. DIRAC's decoder would import the module
    /// named in `__dMod` and instantiate the class; a gateway must never do anything of the kind.
    case refusedClass(String)
    /// A `dt`/`date`/`b64` object whose `obj` is not what JEncode writes.
    case malformedTaggedValue(tag: String, detail: String)

    public var description: String {
        switch self {
        case .invalidJSON(let message):
            "not valid JSON: \(message)"
        case .refusedClass(let name):
            "JEncoded object of class '\(name)' refused: only the DIRAC types dt, date and b64 are accepted"
        case .malformedTaggedValue(let tag, let detail):
            "malformed JEncoded '\(tag)' value: \(detail)"
        }
    }
}
