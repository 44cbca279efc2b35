#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
import GatewayJSON
import OrderedCollections

/// Recorded HTTP exchanges with Rucio, as `RecordingTransport` writes them and `ReplayTransport`
/// serves them. One JSON file, readable and editable by hand:
///
/// ```json
/// {
///   "format": "rucio-rest-exchanges", "version": 1,
///   "parameters": {"namespace": "/ctao/tests/rucio-client-…"},
///   "exchanges": [
///     {"request": {"method": "POST", "path": "/dids/bulkmeta",
///                  "headers": {"X-Rucio-Account": "root", "X-Rucio-Auth-Token": "masked-token-1"},
///                  "json": {"dids": [{"scope": "MC", "name": "/ctao/MC"}], "inherit": false, "plugin": "DID_COLUMN"}},
///      "response": {"status": 200, "headers": {"Content-Type": "application/x-json-stream"},
///                   "body": "{\"scope\": \"MC\", …}\n"}}
///   ]
/// }
/// ```
///
/// A request body that is JSON is kept as JSON (`json`), otherwise as `text`; a response body as
/// text (`body`) or, if not UTF-8, `bodyBase64`. An exchange may end in `failure` (`kind`:
/// `couldNotConnect`, `timedOut`, `transferInterrupted`, `tls`, `other`; `curlCode`;
/// `responseStarted`) after the response body recorded so far: replay delivers that body, then
/// fails the same way — e.g. a listing cut in the middle.
public struct RucioFixture: Sendable {
    /// Free values the recorder chose (unique names, …) that a replaying test needs to send the
    /// same requests.
    public var parameters: OrderedDictionary<String, JSON>
    public var exchanges: [RucioExchange]

    public init(parameters: OrderedDictionary<String, JSON> = [:], exchanges: [RucioExchange] = []) {
        self.parameters = parameters
        self.exchanges = exchanges
    }

    public init(contentsOfFile path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try self.init(json: try JSON(parsing: [UInt8](data)))
    }

    public init(json: JSON) throws {
        guard json["format"]?.stringValue == "rucio-rest-exchanges", json["version"]?.intValue == 1 else {
            throw FixtureError("not a rucio-rest-exchanges version 1 document")
        }
        parameters = json["parameters"]?.objectValue ?? [:]
        exchanges = try (json["exchanges"]?.arrayValue ?? []).enumerated().map { index, entry in
            do {
                return try RucioExchange(json: entry)
            } catch {
                throw FixtureError("exchange \(index): \(error)")
            }
        }
    }

    public var json: JSON {
        [
            "format": "rucio-rest-exchanges", "version": 1, "parameters": .object(parameters),
            "exchanges": .array(exchanges.map(\.json)),
        ]
    }

    /// Writes the fixture, indented and with a final newline, replacing the file atomically.
    public func write(toFile path: String) throws {
        var bytes = json.serialized(indent: 2)
        bytes.append(UInt8(ascii: "\n"))
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public struct FixtureError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}

/// One request and what came back.
public struct RucioExchange: Sendable {
    public enum Body: Sendable, Hashable {
        case json(JSON)
        case text(String)
    }

    /// How a recorded exchange failed (see `RucioFixture`).
    public struct Failure: Sendable, Hashable {
        public var kind: String
        public var curlCode: Int
        public var message: String
        public var responseStarted: Bool

        public init(kind: String, curlCode: Int, message: String, responseStarted: Bool) {
            self.kind = kind
            self.curlCode = curlCode
            self.message = message
            self.responseStarted = responseStarted
        }
    }

    public var method: String
    /// Path and query as sent (percent-encoded).
    public var path: String
    public var requestHeaders: OrderedDictionary<String, String>
    public var requestBody: Body?
    /// Nil when the exchange failed before a status line.
    public var status: Int?
    public var responseHeaders: OrderedDictionary<String, String>
    public var responseBody: [UInt8]
    public var failure: Failure?

    public init(
        method: String, path: String, requestHeaders: OrderedDictionary<String, String> = [:], requestBody: Body? = nil,
        status: Int?, responseHeaders: OrderedDictionary<String, String> = [:], responseBody: [UInt8] = [],
        failure: Failure? = nil
    ) {
        self.method = method
        self.path = path
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.failure = failure
    }

    /// The body as the fixture keeps it: JSON if it parses, else text.
    static func body(from bytes: [UInt8]?) -> Body? {
        guard let bytes else { return nil }
        if let json = try? JSON(parsing: bytes) { return .json(json) }
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    /// `METHOD path` and a short form of the body, for messages.
    public var summary: String {
        var text = "\(method) \(path)"
        switch requestBody {
        case .json(let json): text += " " + String(json.serializedString().prefix(300))
        case .text(let body): text += " " + String(body.prefix(300))
        case nil: break
        }
        return text
    }

    init(json: JSON) throws {
        guard let request = json["request"], let method = request["method"]?.stringValue,
            let path = request["path"]?.stringValue
        else { throw RucioFixture.FixtureError("request without method or path") }
        self.method = method
        self.path = path
        requestHeaders = Self.headers(request["headers"])
        if let body = request["json"] {
            requestBody = .json(body)
        } else if let text = request["text"]?.stringValue {
            requestBody = .text(text)
        }
        let response = json["response"]
        status = response?["status"]?.intValue.map(Int.init)
        responseHeaders = Self.headers(response?["headers"])
        if let text = response?["body"]?.stringValue {
            responseBody = Array(text.utf8)
        } else if let encoded = response?["bodyBase64"]?.stringValue, let data = Data(base64Encoded: encoded) {
            responseBody = [UInt8](data)
        } else {
            responseBody = []
        }
        if let failure = json["failure"] {
            self.failure = Failure(
                kind: failure["kind"]?.stringValue ?? "other",
                curlCode: Int(failure["curlCode"]?.intValue ?? 0),
                message: failure["message"]?.stringValue ?? "",
                responseStarted: failure["responseStarted"]?.boolValue ?? (status != nil))
        }
        if status == nil && failure == nil {
            throw RucioFixture.FixtureError("\(method) \(path): neither a response status nor a failure")
        }
    }

    var json: JSON {
        var request: OrderedDictionary<String, JSON> = [
            "method": .string(method), "path": .string(path),
            "headers": .object(requestHeaders.mapValues(JSON.string)),
        ]
        switch requestBody {
        case .json(let body): request["json"] = body
        case .text(let body): request["text"] = .string(body)
        case nil: break
        }
        var entry: OrderedDictionary<String, JSON> = ["request": .object(request)]
        if let status {
            var response: OrderedDictionary<String, JSON> = [
                "status": .int(Int64(status)), "headers": .object(responseHeaders.mapValues(JSON.string)),
            ]
            if let text = String(validating: responseBody, as: UTF8.self) {
                response["body"] = .string(text)
            } else {
                response["bodyBase64"] = .string(Data(responseBody).base64EncodedString())
            }
            entry["response"] = .object(response)
        }
        if let failure {
            entry["failure"] = [
                "kind": .string(failure.kind), "curlCode": .int(Int64(failure.curlCode)),
                "message": .string(failure.message), "responseStarted": .bool(failure.responseStarted),
            ]
        }
        return .object(entry)
    }

    private static func headers(_ json: JSON?) -> OrderedDictionary<String, String> {
        var headers: OrderedDictionary<String, String> = [:]
        for (name, value) in json?.objectValue ?? [:] {
            if let text = value.stringValue { headers[name] = text }
        }
        return headers
    }
}

extension RucioExchange.Failure {
    /// The fixture form of a transport error.
    init(_ error: HTTPClientError) {
        let kind: String
        switch error {
        case .couldNotConnect: kind = "couldNotConnect"
        case .timedOut: kind = "timedOut"
        case .tls: kind = "tls"
        case .transferInterrupted: kind = "transferInterrupted"
        default: kind = "other"
        }
        let failure = error.curlFailure
        self.init(
            kind: kind, curlCode: failure?.code ?? 0, message: failure?.message ?? "\(error)",
            responseStarted: failure?.responseStarted ?? false)
    }

    /// The transport error to throw when replaying.
    func error(method: String, url: String) -> HTTPClientError {
        let failure = CurlFailure(
            code: curlCode, summary: kind, detail: message, method: method, url: url, responseStarted: responseStarted)
        switch kind {
        case "couldNotConnect": return .couldNotConnect(failure)
        case "timedOut": return .timedOut(failure)
        case "tls": return .tls(failure)
        case "transferInterrupted": return .transferInterrupted(failure)
        default: return .other(failure)
        }
    }
}
