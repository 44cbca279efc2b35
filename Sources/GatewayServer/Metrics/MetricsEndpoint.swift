import GatewayConfig
import Hummingbird
import Logging
import Metrics
import NIOConcurrencyHelpers
import Prometheus

/// `GET /metrics` in Prometheus text format, on its own plain-HTTP listener (scrapers carry no grid proxy).
enum MetricsEndpoint {
    private static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = NIOLockedValueBox(false)

    /// Installs the Prometheus factory as the process's metrics backend (once).
    static func bootstrap() {
        bootstrapped.withLockedValue { done in
            guard !done else { return }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            done = true
        }
    }

    static func application(settings: MetricsSettings, logger: Logger) -> some ApplicationProtocol {
        bootstrap()
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "dirac-rucio-gateway-metrics"),
            logger: logger
        )
    }
}
