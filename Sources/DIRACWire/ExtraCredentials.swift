/// The `extraCredentials` form field of a DIRAC RPC (`TornadoBaseClient._request`): the string `"hosts"` when a
/// service or agent calls with its host certificate, or `[DN, group]` when such a host acts for a user
/// (delegation, honoured by DIRAC's `AuthManager` only for hosts with the `TrustedHost` property).
public enum ExtraCredentials: Sendable, Hashable {
    case hosts
    case delegated(dn: String, group: String)

    /// Reads the JEncoded field; `nil` for an empty field (DIRAC ignores falsy extra credentials).
    public init?(jencoded text: String) throws(RPCRequestError) {
        // DIRAC tests the raw field for truth before decoding it (Tornado strips it first): `extraCredentials=` is none.
        guard text.contains(where: { !$0.isWhitespace }) else { return nil }
        let value: DIRACValue
        do {
            value = try JEncode.decode(text)
        } catch {
            throw .malformedExtraCredentials("cannot decode extraCredentials: \(error)")
        }
        guard value.isTruthy else { return nil }
        switch value {
        case .string("hosts"):
            self = .hosts
        case .list(let items) where items.count == 2:
            guard let dn = items[0].stringValue, let group = items[1].stringValue, !dn.isEmpty, !group.isEmpty else {
                throw .malformedExtraCredentials("delegated extraCredentials must be [DN, group] strings")
            }
            self = .delegated(dn: dn, group: group)
        default:
            throw .malformedExtraCredentials(
                "extraCredentials must be \"hosts\" or [DN, group], got \(String(decoding: JEncode.encode(value), as: UTF8.self))")
        }
    }

    /// The JEncoded form field, as the DIRAC client writes it.
    public var jencoded: String {
        switch self {
        case .hosts: String(decoding: JEncode.encode("hosts"), as: UTF8.self)
        case .delegated(let dn, let group):
            String(decoding: JEncode.encode([.string(dn), .string(group)]), as: UTF8.self)
        }
    }
}
