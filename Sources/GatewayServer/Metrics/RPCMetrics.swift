import Metrics

/// Metrics of the DIRAC side, exported in Prometheus format on the metrics listener:
/// `dirac_rpc_requests_total{method, outcome}` and `dirac_rpc_duration_seconds{method}`.
/// Method labels are limited to the registered methods (anything else is `other`), so clients cannot grow
/// the label set.
struct RPCMetrics: Sendable {
    let knownMethods: Set<String>

    func record(method: String, outcome: String, seconds: Double) {
        let label = knownMethods.contains(method) ? method : "other"
        Counter(label: "dirac_rpc_requests_total", dimensions: [("method", label), ("outcome", outcome)]).increment()
        Timer(label: "dirac_rpc_duration_seconds", dimensions: [("method", label)])
            .recordNanoseconds(Int64(seconds * 1_000_000_000))
    }

    func recordRefusedHandshake() {
        Counter(label: "dirac_tls_refused_total").increment()
    }
}

/// `dirac_slow_clients_closed_total`: connections closed by `SlowClientGuard`.
enum SlowClientMetrics {
    static func closed() {
        Counter(label: "dirac_slow_clients_closed_total").increment()
    }
}
