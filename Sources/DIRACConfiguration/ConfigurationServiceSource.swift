import CompressNIO
import CurlHTTP
import DIRACAuth
import DIRACWire
import NIOCore
import OrderedCollections

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// DIRAC's Configuration Service (`Configuration/Server` over HTTPS, `TornadoConfigurationHandler`), asked the way
/// every DIRAC component refreshes its configuration: `getCompressedDataIfNewer(version)`, answered with
/// `{"newestVersion": …}` and, when newer, `"data"`: the whole configuration as base64 of zlib-compressed CFG text.
/// The gateway calls as a DIRAC host (its host certificate, `extraCredentials "hosts"`), so its host DN must be in
/// the CS's `/Registry/Hosts`. URLs are tried in order, as DIRAC tries `/DIRAC/Configuration/Servers`.
public struct ConfigurationServiceSource: RegistrySource {
    public let urls: [String]
    let http: CurlHTTPClient
    let timeout: Duration
    /// Bound on the decompressed configuration.
    public static let maximumBytes = 256 << 20

    public init(urls: [String], http: CurlHTTPClient, timeout: Duration) {
        self.urls = urls
        self.http = http
        self.timeout = timeout
    }

    public var description: String { "Configuration Service \(urls.joined(separator: ", "))" }

    public func fetch(newerThan version: String?) async throws(RegistrySourceError) -> (registry: DIRACRegistry, version: String)? {
        var failures: [String] = []
        for url in urls {
            do {
                return try await fetch(from: url, newerThan: version ?? "")
            } catch {
                failures.append("\(url): \(error.reason)")
            }
        }
        throw RegistrySourceError(source: description, reason: failures.joined(separator: "; "))
    }

    private func fetch(from url: String, newerThan version: String) async throws(RegistrySourceError) -> (registry: DIRACRegistry, version: String)? {
        let rpc = RPCRequest(method: "getCompressedDataIfNewer", arguments: [.string(version)], extraCredentials: .hosts)
        let response: HTTPResponse
        do {
            response = try await http.perform(HTTPRequest(
                method: .post, url: url,
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"],
                body: Array(rpc.formBody().utf8), timeout: timeout, decompressResponse: true))
        } catch {
            throw failure(url, "\(error)")
        }
        guard response.status == 200 else {
            throw failure(url, "HTTP \(response.status): \(LogText.safe(String(decoding: response.body.prefix(300), as: UTF8.self)))")
        }
        let answer: DIRACValue
        do {
            answer = try JEncode.decode(response.body)
        } catch {
            throw failure(url, "undecodable answer: \(error)")
        }
        guard case .dict(let result) = answer else { throw failure(url, "the answer is not an S_OK/S_ERROR dict") }
        guard case .bool(true)? = result["OK"] else {
            let message: String = if case .string(let text)? = result["Message"] { text } else { "S_ERROR" }
            throw failure(url, "S_ERROR: \(LogText.safe(message))")
        }
        guard case .dict(let value)? = result["Value"], case .string(let newest)? = value["newestVersion"] else {
            throw failure(url, "no newestVersion in the answer")
        }
        guard case .string(let data)? = value["data"] else {
            // No data: the version we hold is the newest.
            return nil
        }
        let text = try Self.decompress(data, url: url)
        do {
            return (try DIRACRegistry(cfgText: text), newest)
        } catch {
            throw failure(url, "\(error)")
        }
    }

    /// `b64encode(zlib.compress(str(cfg)))`, undone.
    static func decompress(_ base64: String, url: String) throws(RegistrySourceError) -> String {
        guard let compressed = Data(base64Encoded: base64) else {
            throw RegistrySourceError(source: url, reason: "data is not base64")
        }
        var buffer = ByteBuffer(bytes: compressed)
        do {
            let inflated = try buffer.decompress(with: .zlib(), maxSize: maximumBytes)
            return String(buffer: inflated)
        } catch {
            throw RegistrySourceError(source: url, reason: "data is not a zlib stream: \(error)")
        }
    }

    private func failure(_ url: String, _ reason: String) -> RegistrySourceError {
        RegistrySourceError(source: url, reason: reason)
    }
}
