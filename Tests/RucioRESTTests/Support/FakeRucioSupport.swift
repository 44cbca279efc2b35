import Foundation
import GatewayJSON
import RucioREST
import Synchronization

/// A counter and flags shared between a fake server's script and the test.
final class Counters: Sendable {
    private let values = Mutex<[String: Int]>([:])

    /// Increments `name` and returns the new value.
    @discardableResult
    func next(_ name: String) -> Int {
        values.withLock { values in
            values[name, default: 0] += 1
            return values[name]!
        }
    }

    subscript(name: String) -> Int { values.withLock { $0[name] ?? 0 } }
}

/// A fast retry policy for fault tests.
let fastRetries = RucioRetryPolicy(maximumAttempts: 3, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20))

func fakeClient(
    _ server: FakeRucioServer, credentials: RucioCredentials = .userpass(username: "root", password: "secret"),
    vo: String? = nil, retry: RucioRetryPolicy = fastRetries, refreshMargin: Duration = .seconds(300),
    requestTimeout: Duration = .seconds(10), maximumBulkItems: Int = 1000, maximumDiracAddFilesItems: Int = 100
) -> RucioClient {
    RucioClient(
        configuration: RucioConfiguration(
            baseURL: server.baseURL, vo: vo, connectTimeout: .seconds(2), requestTimeout: requestTimeout,
            streamTimeout: .seconds(30), retryPolicy: retry, tokenRefreshMargin: refreshMargin,
            maximumBulkItems: maximumBulkItems, maximumDiracAddFilesItems: maximumDiracAddFilesItems),
        credentials: credentials)
}

/// `/auth/userpass` answered with `token-<n>` for the account, valid `lifetime` seconds by the
/// server's clock; `dateOffset` shifts the server's clock against ours.
func tokenResponse(
    _ request: FakeRucioServer.Request, counters: Counters, lifetime: TimeInterval = 3600, dateOffset: TimeInterval = 0
) -> FakeRucioServer.Response {
    let serial = counters.next("auth")
    let account = request.header("X-Rucio-Account") ?? "?"
    return FakeRucioServer.Response(
        status: 200,
        headers: [
            ("X-Rucio-Auth-Account", account), ("X-Rucio-Auth-Token", "\(account)-token-\(serial)"),
            ("X-Rucio-Auth-Token-Expires", RucioTime.rucioDate(secondsFromNow: dateOffset + lifetime)),
            ("Date", RucioTime.httpDate(secondsFromNow: dateOffset)),
        ])
}

/// A DID_COLUMN-like bulkmeta record.
func metadataLine(scope: String = "tests", name: String) -> String {
    #"{"scope": "\#(scope)", "name": "\#(name)", "did_type": "FILE", "bytes": 42, "adler32": "0a0b0c0d"}"#
}

/// A replica record of realistic size (about 600 bytes).
func replicaLine(_ index: Int) -> String {
    let name = "/ctao/tests/stream/Data/file_\(String(format: "%06d", index)).dat"
    let pfn = "davs://rucio-storage-1:1094//rucio/\(name)"
    return #"{"scope": "tests", "name": "\#(name)", "bytes": \#(1000 + index), "md5": null, "adler32": "0a0b0c0d", "#
        + #""pfns": {"\#(pfn)": {"rse_id": "27751d57c73c44978dca63799fce3d70", "rse": "STORAGE-1", "type": "DISK", "#
        + #""volatile": false, "domain": "wan", "priority": 1, "client_extract": false}}, "#
        + #""rses": {"STORAGE-1": ["\#(pfn)"]}, "states": {"STORAGE-1": "AVAILABLE"}}"#
}

/// The `RucioError` `body` throws (fails the test if it throws nothing or something else).
func rucioError<T>(_ body: () async throws -> T) async -> RucioError? {
    do {
        _ = try await body()
        return nil
    } catch let error as RucioError {
        return error
    } catch {
        return nil
    }
}

/// The resident set size of this process in bytes (Linux /proc).
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kilobytes * 1024
    }
    return 0
}
