import ArgumentParser
import CurlHTTP

/// `gateway-bench rpc`: DIRAC-style RPC calls (form-encoded POSTs) against an HTTPS endpoint.
struct RPCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Measure DIRAC RPC calls (POST method=…&args=…) against one HTTPS URL.",
        discussion: """
            Sends exactly --requests calls (after --warmup unmeasured ones), or fewer if --duration \
            runs out first, to the --url given and nowhere else. A call counts as an error unless \
            the status is 200 and the body starts with {"OK": true.
            """
    )

    @Option(help: "Service URL, e.g. https://127.0.0.1:8443/DataManagement/FileCatalog.")
    var url: String

    @Option(help: "Client certificate PEM; a grid proxy file (certificate, key, chain) serves as both.")
    var cert: String?

    @Option(help: "Private key PEM, if not in --cert.")
    var key: String?

    @Option(name: .customLong("ca-dir"), help: "Directory of hashed trusted CA certificates.")
    var caDirectory: String?

    @Option(name: .customLong("ca-file"), help: "PEM bundle of trusted CA certificates.")
    var caFile: String?

    @Flag(help: "Do not verify the server certificate or host name (loopback experiments only).")
    var insecure = false

    @Option(help: "RPC method name.")
    var method = "ping"

    @Option(help: "RPC arguments as a JSON list.")
    var args = "[]"

    @Option(name: .customLong("client-vo"), help: "clientVO form field.")
    var clientVO = "unknown"

    @Option(name: .customLong("client-setup"), help: "clientSetup form field.")
    var clientSetup = "None"

    @Option(help: "new-connection: a fresh TCP+TLS connection per call (like the DIRAC client); keep-alive: one connection per worker.")
    var mode: ConnectionMode = .newConnection

    @Flag(name: .customLong("tls-session-resumption"), help: "In new-connection mode, resume TLS sessions instead of full handshakes.")
    var tlsSessionResumption = false

    @Option(help: "Worker threads, each with its own client and at most one call in flight.")
    var concurrency = 32

    @Option(help: "Measured calls.")
    var requests = 20_000

    @Option(help: "Unmeasured calls made first (same mode), to warm up server and connections.")
    var warmup = 200

    @Option(help: "Stop measuring after this many seconds even if --requests are not done.")
    var duration: Double?

    @Option(help: "Per-call timeout in seconds.")
    var timeout: Double = 30

    @Option(name: .customLong("server-pid"), help: "Server process id: report its CPU time per call (from /proc/PID/stat).")
    var serverPID: Int32?

    @Flag(help: "Print one JSON object instead of the human-readable report.")
    var json = false

    func validate() throws {
        guard url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") else {
            throw ValidationError("--url must be an http:// or https:// URL")
        }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard requests >= 1 else { throw ValidationError("--requests must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        if let serverPID, ProcessCPUTime.seconds(ofProcess: serverPID) == nil {
            throw ValidationError("cannot read /proc/\(serverPID)/stat")
        }
    }

    func run() throws {
        let configuration = HTTPClientConfiguration(
            connectTimeout: .milliseconds(Int64(timeout * 1000)),
            requestTimeout: .milliseconds(Int64(timeout * 1000)),
            caDirectory: caDirectory,
            caFile: caFile,
            clientCertificateFile: cert,
            clientKeyFile: key,
            verifyPeer: !insecure,
            verifyHost: !insecure,
            maximumIdleConnections: 1,
            maximumConcurrentRequests: 1,
            userAgent: "gateway-bench",
            forbidConnectionReuse: mode == .newConnection,
            tlsSessionResumption: mode == .keepAlive || tlsSessionResumption
        )
        // One client per worker: in keep-alive mode each worker thread keeps its own connection.
        let clients = try (0..<concurrency).map { _ in try CurlHTTPClient(configuration: configuration) }
        let request = HTTPRequest(
            method: .post,
            url: url,
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: DIRACFormBody.make(method: method, argumentsJSON: args, clientVO: clientVO, clientSetup: clientSetup))
        let runner = LoadRunner(clients: clients, request: request)

        if warmup > 0 {
            let warm = runner.run(requests: warmup, deadline: nil)
            if warm.errors == warm.completed, let sample = warm.errorSamples.values.first {
                throw ValidationError("every warm-up call failed, e.g.: \(sample)")
            }
        }

        let clock = ContinuousClock()
        let serverCPUBefore = serverPID.flatMap(ProcessCPUTime.seconds(ofProcess:))
        let clientCPUBefore = ProcessCPUTime.seconds()
        let start = clock.now
        let deadline = duration.map { start + .milliseconds(Int64($0 * 1000)) }
        let result = runner.run(requests: requests, deadline: deadline)
        let wall = clock.now - start
        let clientCPU = ProcessCPUTime.seconds() - clientCPUBefore
        let serverCPUAfter = serverPID.flatMap(ProcessCPUTime.seconds(ofProcess:))

        let (seconds, attoseconds) = wall.components
        let report = BenchReport(
            url: url, rpcMethod: method, mode: mode, concurrency: concurrency, warmup: warmup,
            requests: result.completed, errors: result.errors, connectionsOpened: result.connectionsOpened,
            wallSeconds: Double(seconds) + Double(attoseconds) / 1e18,
            latency: LatencySummary(nanoseconds: result.latencies),
            clientCPUSeconds: clientCPU,
            serverPID: serverPID,
            serverCPUSeconds: zip(serverCPUBefore, serverCPUAfter).map { $1 - $0 },
            errorCounts: result.errorCounts, errorSamples: result.errorSamples)
        print(json ? report.json : report.humanReadable)
        if result.errors == result.completed { throw ExitCode.failure }
    }
}

/// Both values, or nil if either is missing.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
