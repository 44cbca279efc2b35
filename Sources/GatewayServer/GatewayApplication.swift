import CurlHTTP
import DIRACAuth
import DIRACWire
import DIRACConfiguration
import FileCatalog
import GatewayConfig
import GridSecurity
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import UnixSignals

/// The gateway service: the DIRAC RPC listener (HTTPS with client certificates, or plain HTTP behind a trusted
/// front), the Prometheus listener, and the periodic reload of the CA directory, run as one service group with
/// graceful shutdown on SIGTERM/SIGINT.
public struct GatewayApplication: Sendable {
    public static let version = "0.1.0"

    public let configuration: GatewayConfiguration
    let logger: Logger
    /// Record mode: every exchange with Rucio goes to this fixture file (`serve --record-rucio`).
    let rucioFixtureFile: String?

    public init(configuration: GatewayConfiguration, logger: Logger, recordRucioTo rucioFixtureFile: String? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.rucioFixtureFile = rucioFixtureFile
    }

    /// What `check-config` adds to the file checks: does the TLS material load and does the CA directory
    /// build a verifier. Problems, not exceptions, so that every one is reported.
    public static func preflight(_ configuration: GatewayConfiguration) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        if !configuration.server.trustedFront.enabled {
            do {
                _ = try TLSSetup.makeContext(server: configuration.server)
            } catch {
                problems.append(ConfigurationProblem(key: "server.certificate", "\(error)"))
            }
        }
        do {
            _ = try ProxyChainVerifier(caDirectory: configuration.server.caDirectory, crlPolicy: configuration.server.crlPolicy)
        } catch {
            problems.append(ConfigurationProblem(key: "server.caDirectory", "\(error)"))
        }
        do {
            _ = try RucioCatalog.configured(by: configuration.rucio, logger: Logger(label: "preflight"))
        } catch {
            problems.append(ConfigurationProblem(key: "rucio", "\(error)"))
        }
        return problems
    }

    /// Runs until a shutdown signal (or until the calling task is cancelled, which tests use).
    /// `onListening` receives the RPC port once bound (useful with port 0).
    public func run(
        handleSignals: Bool = true, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let server = configuration.server
        let verifier = try ProxyChainVerifier(caDirectory: server.caDirectory, crlPolicy: server.crlPolicy)
        let clientVerifier = ClientCertificateVerifier(verifier: verifier, logger: logger)
        let catalog = try RucioCatalog.configured(
            by: configuration.rucio, recordTo: rucioFixtureFile, logger: Logger(label: "FileCatalog"))
        if let url = configuration.rucio.url {
            logger.info("catalog served from Rucio", metadata: ["url": "\(url)", "scopeAlgorithm": "\(configuration.rucio.scopeAlgorithm)"])
        } else {
            logger.warning("no rucio.url configured: catalog methods answer HTTP 501")
        }
        let (callerRegistry, refresher) = try await makeRegistry()
        let resolver = CallerResolver(registry: callerRegistry, policy: configuration.auth.policy)
        let registry = MethodRegistry.gateway(catalog: catalog)
        let metrics = RPCMetrics(knownMethods: Set(registry.methodNames))
        let startTime = ServiceClock.nowSeconds()
        let scheme = server.trustedFront.enabled ? "http" : "https"
        let heavyWork = NIOThreadPool(numberOfThreads: server.heavyCallThreads)
        heavyWork.start()
        defer { heavyWork.shutdownGracefully { _ in } }

        let router = Router(context: GatewayRequestContext.self)
        for route in server.routes {
            let path = route.split(separator: "/").joined(separator: "/")
            let endpoint = RPCEndpoint(
                registry: registry,
                resolver: resolver,
                trustedFront: server.trustedFront.enabled
                    ? TrustedFrontAuthenticator(settings: server.trustedFront, verifier: clientVerifier) : nil,
                service: ServiceInfo(
                    name: path, url: "\(scheme)://\(server.host):\(server.port)/\(path)", startTime: startTime,
                    version: Self.version),
                maxRequestBytes: server.maxRequestBytes,
                maxDecompressedBytes: server.maxDecompressedBytes,
                lfnLimits: LFNArgument.Limits(maximumLFNLength: server.maxLFNLength, maximumCount: server.maxLFNsPerCall),
                heavyWork: heavyWork,
                compressAbove: server.compressResponsesAbove,
                metrics: metrics,
                logger: logger
            )
            router.post(RouterPath(path)) { request, context in
                await endpoint.respond(to: request, context: context)
            }
            // DIRAC's TornadoService declares SUPPORTED_METHODS = ("POST",): other verbs get 405.
            router.get(RouterPath(path)) { _, _ in
                var response = RPCEndpoint.plain(.methodNotAllowed, "DIRAC RPC endpoints accept POST only")
                response.headers[.allow] = "POST"
                return response
            }
        }

        let http = HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(server.idleTimeoutSeconds)))
        let slowClients = SlowClientLimits(
            headerTimeout: .seconds(Int64(server.headerTimeoutSeconds)),
            minimumBodyBytesPerSecond: server.minimumBodyBytesPerSecond)
        let serverBuilder: HTTPServerBuilder
        if server.trustedFront.enabled {
            serverBuilder = HTTPServerBuilder { responder in
                SlowClientGuardChannel(base: HTTP1Channel(responder: responder, configuration: http), limits: slowClients)
            }
        } else {
            let sslContext = try TLSSetup.makeContext(server: server)
            serverBuilder = HTTPServerBuilder { responder in
                SlowClientGuardChannel(
                    base: ClientCertificateTLSChannel<HTTP1Channel>(
                        base: HTTP1Channel(responder: responder, configuration: http),
                        sslContext: sslContext,
                        verifier: clientVerifier
                    ),
                    limits: slowClients)
            }
        }
        let rpcApplication = Application(
            router: router,
            server: serverBuilder,
            configuration: .init(address: .hostname(server.host, port: server.port), serverName: "dirac-rucio-gateway"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? server.port) },
            logger: logger
        )

        var services: [any Service] = [rpcApplication]
        if let refresher {
            services.append(refresher)
        }
        if server.caReloadSeconds > 0 {
            services.append(CADirectoryReloader(verifier: verifier, interval: .seconds(server.caReloadSeconds), logger: logger))
        }
        if configuration.metrics.enabled {
            services.append(MetricsEndpoint.application(settings: configuration.metrics, logger: logger))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services, gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger))
        let seeding = catalog.map { catalog in
            let seeding = MetadataSchemaSeeding(catalog: catalog, settings: configuration.rucio, logger: logger)
            return Task { await seeding.run() }
        }
        defer { seeding?.cancel() }
        try await group.run()
    }
}

extension GatewayApplication {
    /// The Registry the callers are checked against: the configuration file's entries, laid over DIRAC's own
    /// Registry when `auth.registrySource` names one. The source is read once before the listener starts (a failure
    /// is logged and leaves only the file's entries: fail closed), then refreshed in the background.
    func makeRegistry() async throws -> (RegistryStore, RegistryRefresher?) {
        let auth = configuration.auth
        let local = auth.localRegistry
        let store = RegistryStore(registry: local)
        let settings = auth.registrySource
        let source: any RegistrySource
        switch settings.type {
        case .none:
            logger.info("Registry from the configuration file", metadata: ["entries": "\(local.summary)"])
            return (store, nil)
        case .cfgFile:
            source = CFGFileSource(path: settings.path ?? "")
        case .configurationServer:
            let http = try CurlHTTPClient(configuration: HTTPClientConfiguration(
                requestTimeout: .seconds(settings.timeoutSeconds),
                caDirectory: configuration.server.caDirectory,
                clientCertificateFile: configuration.server.certificate,
                clientKeyFile: configuration.server.privateKey,
                maximumIdleConnections: 1, maximumConcurrentRequests: 1,
                userAgent: "dirac-rucio-gateway/\(Self.version)"))
            source = ConfigurationServiceSource(urls: settings.urls, http: http, timeout: .seconds(settings.timeoutSeconds))
        }
        let refresher = RegistryRefresher(
            source: source, local: local, localSetsDefaultGroups: auth.defaultGroup != nil, store: store,
            interval: .seconds(settings.refreshSeconds), logger: logger)
        await refresher.refresh()
        return (store, refresher)
    }
}

/// Re-reads the CA directory periodically (OpenSSL's hash-dir lookup caches what it loaded, so CRLs updated by
/// fetch-crl and new CAs would otherwise be ignored until a restart).
struct CADirectoryReloader: Service {
    let verifier: ProxyChainVerifier
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // The sleep must end on graceful shutdown, or SIGTERM would wait for the next reload (up to an hour).
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try verifier.reload()
                    logger.debug("CA directory reloaded")
                } catch {
                    logger.error(
                        "CA directory reload failed; keeping the previous trust store", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
