/// One DIRAC RPC as the Tornado protocol carries it (`DIRAC/Core/Tornado/Server/TornadoService.py`):
/// a form-encoded POST to `/<System>/<Component>` with the fields `method`, `args` (the JEncoded list of
/// positional arguments), `extraCredentials`, `rawContent`, `clientVO` and `clientSetup`. Keyword arguments
/// are never sent; `clientVO`/`clientSetup` are informational (DIRAC's server ignores them, so does the gateway).
public struct RPCRequest: Sendable, Hashable {
    public var method: String
    public var arguments: [DIRACValue]
    public var extraCredentials: ExtraCredentials?
    /// `rawContent=True`: answer with the raw body (`application/octet-stream`), used by `streamToClient`.
    public var rawContent: Bool
    public var clientVO: String?
    public var clientSetup: String?

    public init(
        method: String, arguments: [DIRACValue], extraCredentials: ExtraCredentials? = nil,
        rawContent: Bool = false, clientVO: String? = nil, clientSetup: String? = nil
    ) {
        self.method = method
        self.arguments = arguments
        self.extraCredentials = extraCredentials
        self.rawContent = rawContent
        self.clientVO = clientVO
        self.clientSetup = clientSetup
    }

    /// Decodes a form body (already decompressed). `query` is the URL query string, which Tornado's
    /// `get_argument("method")` also searches; `args` is only read from the body, as DIRAC does.
    public init(formBody: some Collection<UInt8>, query: String? = nil) throws(RPCRequestError) {
        var fields: [String: String] = [:]
        if let query {
            for (name, value) in FormURLEncoding.decode(Array(query.utf8)) where name == "method" {
                fields[name] = value
            }
        }
        for (name, value) in FormURLEncoding.decode(formBody) {
            fields[name] = value  // Tornado: the last value of a repeated argument wins
        }
        // Tornado's get_argument strips surrounding whitespace by default.
        guard let method = fields["method"]?.trimmingASCIIWhitespace(), !method.isEmpty else {
            throw .missingMethod
        }
        guard method.utf8.allSatisfy(Self.isMethodNameByte) else {
            throw .invalidMethodName(method)
        }
        var arguments: [DIRACValue] = []
        if let encoded = fields["args"] {
            let decoded: DIRACValue
            do {
                decoded = try JEncode.decode(encoded)
            } catch {
                throw .undecodableArguments("\(error)")
            }
            guard case .list(let values) = decoded else {
                throw .undecodableArguments("args must be a JSON array of positional arguments, got \(decoded.pythonTypeName)")
            }
            arguments = values
        }
        self.init(
            method: method,
            arguments: arguments,
            extraCredentials: try fields["extraCredentials"].flatMap { (text: String) throws(RPCRequestError) in
                try ExtraCredentials(jencoded: text)
            },
            rawContent: fields["rawContent"].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false,
            clientVO: fields["clientVO"],
            clientSetup: fields["clientSetup"]
        )
    }

    /// Python identifiers in ASCII: what `export_<method>` can be.
    static func isMethodNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// The form body the DIRAC client sends for this call (used by the debug CLI and the benchmark).
    public func formBody() -> String {
        var fields: [(name: String, value: String)] = [
            ("method", method),
            ("args", String(decoding: JEncode.encode(.list(arguments)), as: UTF8.self)),
        ]
        if let extraCredentials {
            fields.append(("extraCredentials", extraCredentials.jencoded))
        }
        if rawContent {
            fields.append(("rawContent", "True"))
        }
        fields.append(("clientVO", clientVO ?? "unknown"))
        fields.append(("clientSetup", clientSetup ?? "None"))
        return FormURLEncoding.encode(fields)
    }
}

/// A request the RPC layer cannot even dispatch; the server answers HTTP 400 with this description
/// (DIRAC's Tornado server answers 400 for a missing `method`).
public enum RPCRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingMethod
    case invalidMethodName(String)
    case undecodableArguments(String)
    case malformedExtraCredentials(String)
    case undecodableBody(String)

    public var description: String {
        switch self {
        // What the caller sent is escaped and bounded (LogText): these texts go to the log and the 400 body.
        case .missingMethod: "Missing argument method"
        case .invalidMethodName(let name): "Invalid method name '\(LogText.safe(name))'"
        case .undecodableArguments(let detail): "Cannot decode args: \(LogText.safe(detail, limit: 512))"
        case .malformedExtraCredentials(let detail): "Invalid extraCredentials: \(LogText.safe(detail, limit: 512))"
        case .undecodableBody(let detail): "Cannot read request body: \(LogText.safe(detail, limit: 512))"
        }
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
