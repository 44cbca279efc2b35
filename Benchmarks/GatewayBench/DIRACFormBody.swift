import DIRACWire

/// The body of a DIRAC Tornado RPC call, as DIRAC's `TornadoClient` posts it:
/// `method=<name>&args=<JSON list>&clientVO=<vo>&clientSetup=<setup>`, form-encoded with the gateway's own
/// `FormURLEncoding` (Python's `quote_plus`). The arguments are sent as given, not re-encoded.
enum DIRACFormBody {
    static func make(method: String, argumentsJSON: String, clientVO: String, clientSetup: String) -> [UInt8] {
        Array(FormURLEncoding.encode([
            ("method", method), ("args", argumentsJSON), ("clientVO", clientVO), ("clientSetup", clientSetup),
        ]).utf8)
    }
}
