/// The outcome of one benchmark run, printed for people or as one JSON object.
struct BenchReport: Sendable {
    var url: String
    var rpcMethod: String
    var mode: ConnectionMode
    var concurrency: Int
    var warmup: Int
    var requests: Int
    var errors: Int
    var connectionsOpened: Int
    var wallSeconds: Double
    var latency: LatencySummary?
    var clientCPUSeconds: Double
    var serverPID: Int32?
    var serverCPUSeconds: Double?
    var errorCounts: [String: Int]
    var errorSamples: [String: String]

    var callsPerSecond: Double { wallSeconds > 0 ? Double(requests) / wallSeconds : 0 }
    var clientCPUMillisecondsPerCall: Double? { requests > 0 ? clientCPUSeconds * 1000 / Double(requests) : nil }
    var serverCPUMillisecondsPerCall: Double? {
        guard let serverCPUSeconds, requests > 0 else { return nil }
        return serverCPUSeconds * 1000 / Double(requests)
    }

    var humanReadable: String {
        var lines: [String] = []
        lines.append("gateway-bench rpc: \(rpcMethod) → \(url)")
        lines.append("mode \(mode.rawValue), concurrency \(concurrency), warmup \(warmup)")
        lines.append("requests       \(requests) (errors \(errors))")
        lines.append("wall time      \(format(wallSeconds, 3)) s")
        lines.append("throughput     \(format(callsPerSecond, 1)) calls/s")
        if let latency {
            lines.append(
                "latency ms     p50 \(format(latency.p50, 2))  p90 \(format(latency.p90, 2))  "
                    + "p99 \(format(latency.p99, 2))  max \(format(latency.max, 2))  mean \(format(latency.mean, 2))")
        } else {
            lines.append("latency ms     (no successful call)")
        }
        lines.append("connections    \(connectionsOpened) opened")
        if let perCall = serverCPUMillisecondsPerCall, let serverCPUSeconds, let serverPID {
            lines.append("server CPU     \(format(perCall, 3)) ms/call (\(format(serverCPUSeconds, 2)) s, pid \(serverPID))")
        }
        if let perCall = clientCPUMillisecondsPerCall {
            lines.append("client CPU     \(format(perCall, 3)) ms/call")
        }
        for (kind, count) in errorCounts.sorted(by: { $0.value > $1.value }) {
            lines.append("error          \(count) × \(kind): \(errorSamples[kind] ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    var json: String {
        var fields: [(String, String)] = [
            ("url", JSONText.string(url)),
            ("method", JSONText.string(rpcMethod)),
            ("mode", JSONText.string(mode.rawValue)),
            ("concurrency", String(concurrency)),
            ("warmup", String(warmup)),
            ("requests", String(requests)),
            ("errors", String(errors)),
            ("connections_opened", String(connectionsOpened)),
            ("wall_seconds", JSONText.number(wallSeconds)),
            ("calls_per_second", JSONText.number(callsPerSecond)),
        ]
        if let latency {
            fields.append(("latency_ms", JSONText.object([
                ("p50", JSONText.number(latency.p50)), ("p90", JSONText.number(latency.p90)),
                ("p99", JSONText.number(latency.p99)), ("max", JSONText.number(latency.max)),
                ("mean", JSONText.number(latency.mean)),
            ])))
        } else {
            fields.append(("latency_ms", "null"))
        }
        fields.append(("client_cpu_ms_per_call", clientCPUMillisecondsPerCall.map(JSONText.number) ?? "null"))
        fields.append(("server_pid", serverPID.map { String($0) } ?? "null"))
        fields.append(("server_cpu_seconds", serverCPUSeconds.map(JSONText.number) ?? "null"))
        fields.append(("server_cpu_ms_per_call", serverCPUMillisecondsPerCall.map(JSONText.number) ?? "null"))
        fields.append(("error_kinds", JSONText.object(errorCounts.sorted { $0.key < $1.key }.map {
            ($0.key, JSONText.object([("count", String($0.value)), ("sample", JSONText.string(errorSamples[$0.key] ?? ""))]))
        })))
        return JSONText.object(fields)
    }

    private func format(_ value: Double, _ decimals: Int) -> String { JSONText.fixed(value, decimals) }
}

/// Just enough JSON writing for the report, without Foundation.
enum JSONText {
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Finite numbers with up to 6 decimals; JSON has no NaN or infinity.
    static func number(_ value: Double) -> String {
        value.isFinite ? fixed(value, 6) : "null"
    }

    /// `value` rounded to `decimals` places, without exponent notation.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale)
        let fraction = units % UInt64(scale)
        var text = (value < 0 && units > 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }
}
