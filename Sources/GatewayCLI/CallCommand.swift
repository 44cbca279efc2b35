import ArgumentParser
import CurlHTTP
import DIRACWire
import GatewayJSON
import OrderedCollections

#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `call METHOD ARGS…`: one DIRAC RPC sent exactly as DIRAC's `TornadoClient` sends it (form POST with
/// `method`, JEncoded `args`, `clientVO`, `clientSetup`, optional `extraCredentials`; the proxy file as client
/// certificate; the server checked against a CA directory), with the answer decoded and pretty-printed.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Send one DIRAC RPC to a FileCatalog URL and print the decoded answer.",
        discussion: """
            Each ARG is JSON when it parses as JSON, otherwise a plain string:
              call isFile /ctao/x
              call getReplicas '["/ctao/a", "/ctao/b"]' false
              call listDirectory '{"/ctao/d": true}' true
            Exit status: 0 for S_OK, 1 for S_ERROR (including HTTP 401/501 mapped as the DIRAC client maps them),
            3 when no answer could be obtained.
            """)

    @Option(help: "Service URL (default: $DIRAC_FC_URL, else https://127.0.0.1:8443/DataManagement/FileCatalog).")
    var url: String?

    @Option(help: "Proxy file: proxy certificate, its key and the chain in one PEM (default: $X509_USER_PROXY, else /tmp/x509up_u<uid>).")
    var proxy: String?

    @Option(help: "Client certificate (PEM), instead of a proxy, e.g. a host certificate.")
    var cert: String?

    @Option(help: "Private key for --cert.")
    var key: String?

    @Option(help: "CA directory used to verify the server (default: $X509_CERT_DIR, else /etc/grid-security/certificates).")
    var caDir: String?

    @Flag(help: "Act as a DIRAC service or agent: send extraCredentials \"hosts\" (use with --cert/--key of a host).")
    var hostCredentials = false

    @Option(help: "With host credentials, call on behalf of this user DN (extraCredentials [DN, group]).")
    var delegateDN: String?

    @Option(help: "Group for --delegate-dn.")
    var delegateGroup: String?

    @Option(help: "VO sent as clientVO (informational).")
    var vo: String = "unknown"

    @Option(help: "Seconds to wait for the answer (DIRAC clients wait at least 120).")
    var timeout: Int = 120

    @Flag(help: "Print the wire JSON as received instead of the decoded answer.")
    var raw = false

    @Argument(help: "The RPC method, e.g. ping, whoami, isFile.")
    var method: String

    @Argument(help: "Positional arguments.")
    var arguments: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let url = self.url ?? environment["DIRAC_FC_URL"] ?? "https://127.0.0.1:8443/DataManagement/FileCatalog"
        let certificate = cert ?? proxy ?? environment["X509_USER_PROXY"] ?? "/tmp/x509up_u\(getuid())"
        let client = try CurlHTTPClient(configuration: HTTPClientConfiguration(
            requestTimeout: .seconds(timeout),
            caDirectory: caDir ?? environment["X509_CERT_DIR"] ?? "/etc/grid-security/certificates",
            clientCertificateFile: certificate,
            clientKeyFile: key ?? certificate,
            userAgent: "dirac-rucio-gateway-call"
        ))
        var extraCredentials: ExtraCredentials?
        if let delegateDN {
            extraCredentials = .delegated(dn: delegateDN, group: delegateGroup ?? "")
        } else if hostCredentials {
            extraCredentials = .hosts
        }
        let rpc = RPCRequest(
            method: method, arguments: arguments.map(Self.parseArgument), extraCredentials: extraCredentials,
            clientVO: vo)
        let request = HTTPRequest(
            method: .post, url: url,
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "*/*",
            ],
            body: Array(rpc.formBody().utf8),
            decompressResponse: true
        )
        let response: HTTPResponse
        do {
            response = try await client.perform(request)
        } catch {
            FileHandleOutput.standardError("no answer from \(url): \(error)\n")
            throw ExitCode(3)
        }
        try report(response, url: url)
    }

    /// What DIRAC's `TornadoBaseClient._request` makes of the answer, printed.
    private func report(_ response: HTTPResponse, url: String) throws {
        switch response.status {
        case 200:
            if raw {
                print(response.bodyText)
                let ok = (try? JSON(parsing: response.body))?["OK"]?.boolValue ?? false
                if !ok { throw ExitCode(1) }
                return
            }
            let answer: DIRACValue
            do {
                answer = try JEncode.decode(response.body)
            } catch {
                FileHandleOutput.standardError("answer is not JEncoded JSON (\(error)):\n\(response.bodyText)\n")
                throw ExitCode(3)
            }
            print(answer.displayJSON.serializedString(indent: 2, sortKeys: true))
            if answer["OK"]?.boolValue != true { throw ExitCode(1) }
        case 401, 403:
            emitClientError(errno: DErrno.EACCES, "No access to \(url)", response)
        case 501:
            emitClientError(errno: DErrno.ENOSYS, "\(method) is not implemented", response)
        default:
            FileHandleOutput.standardError("HTTP \(response.status) from \(url):\n\(response.bodyText)\n")
            throw ExitCode(3)
        }
    }

    private func emitClientError(errno: Int32, _ message: String, _ response: HTTPResponse) {
        let result = DIRACResult.error(errno: errno, message)
        print(result.wireValue.displayJSON.serializedString(indent: 2, sortKeys: true))
        FileHandleOutput.standardError("HTTP \(response.status): \(response.bodyText)\n")
        Self.exit(withError: ExitCode(1))
    }

    static func parseArgument(_ text: String) -> DIRACValue {
        (try? JEncode.decode(text)) ?? .string(text)
    }
}

extension DIRACValue {
    /// JSON for people: datetimes and dates as their text, bytes as base64, as DIRAC's own `call.py` shows them.
    var displayJSON: JSON {
        switch self {
        case .datetime(let value): .string(value.description)
        case .date(let value): .string(value.description)
        case .list(let values): .array(values.map(\.displayJSON))
        case .dict(let members): .object(.init(uniqueKeysWithValues: members.map { ($0.key, $0.value.displayJSON) }))
        default: jencoded
        }
    }
}
