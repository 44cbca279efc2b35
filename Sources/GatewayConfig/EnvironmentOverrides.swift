import DIRACAuth
import GridSecurity

/// Environment variables that override single settings of the file, for containers and quick runs.
/// Lists are comma-separated. Users and hosts (structured entries) come from the file only.
public enum EnvironmentOverrides {
    struct Override: Sendable {
        var variable: String
        var key: String
        var apply: @Sendable (inout GatewayConfiguration, String) throws(ConfigurationProblem) -> Void
    }

    static let all: [Override] = [
        string("GATEWAY_SERVER_HOST", "server.host") { $0.server.host = $1 },
        int("GATEWAY_SERVER_PORT", "server.port") { $0.server.port = $1 },
        string("GATEWAY_SERVER_CERTIFICATE", "server.certificate") { $0.server.certificate = $1 },
        string("GATEWAY_SERVER_PRIVATE_KEY", "server.privateKey") { $0.server.privateKey = $1 },
        string("GATEWAY_SERVER_CA_DIRECTORY", "server.caDirectory") { $0.server.caDirectory = $1 },
        Override(variable: "GATEWAY_SERVER_CRL_POLICY", key: "server.crlPolicy") { configuration, text throws(ConfigurationProblem) in
            guard let policy = CRLPolicy(rawValue: text.trimmingWhitespace()) else {
                throw ConfigurationProblem(
                    key: "server.crlPolicy",
                    "environment variable GATEWAY_SERVER_CRL_POLICY=\(text) is not one of \(CRLPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            configuration.server.crlPolicy = policy
        },
        int("GATEWAY_SERVER_CA_RELOAD_SECONDS", "server.caReloadSeconds") { $0.server.caReloadSeconds = $1 },
        list("GATEWAY_SERVER_ROUTES", "server.routes") { $0.server.routes = $1 },
        int("GATEWAY_SERVER_MAX_REQUEST_BYTES", "server.maxRequestBytes") { $0.server.maxRequestBytes = $1 },
        int("GATEWAY_SERVER_MAX_DECOMPRESSED_BYTES", "server.maxDecompressedBytes") { $0.server.maxDecompressedBytes = $1 },
        int("GATEWAY_SERVER_MAX_LFN_LENGTH", "server.maxLFNLength") { $0.server.maxLFNLength = $1 },
        int("GATEWAY_SERVER_MAX_LFNS_PER_CALL", "server.maxLFNsPerCall") { $0.server.maxLFNsPerCall = $1 },
        int("GATEWAY_SERVER_HEAVY_CALL_THREADS", "server.heavyCallThreads") { $0.server.heavyCallThreads = $1 },
        int("GATEWAY_SERVER_COMPRESS_RESPONSES_ABOVE", "server.compressResponsesAbove") { $0.server.compressResponsesAbove = $1 },
        int("GATEWAY_SERVER_IDLE_TIMEOUT_SECONDS", "server.idleTimeoutSeconds") { $0.server.idleTimeoutSeconds = $1 },
        int("GATEWAY_SERVER_HEADER_TIMEOUT_SECONDS", "server.headerTimeoutSeconds") { $0.server.headerTimeoutSeconds = $1 },
        int("GATEWAY_SERVER_MINIMUM_BODY_BYTES_PER_SECOND", "server.minimumBodyBytesPerSecond") {
            $0.server.minimumBodyBytesPerSecond = $1
        },
        bool("GATEWAY_TRUSTED_FRONT_ENABLED", "server.trustedFront.enabled") { $0.server.trustedFront.enabled = $1 },
        list("GATEWAY_TRUSTED_FRONT_ALLOWED_ADDRESSES", "server.trustedFront.allowedAddresses") {
            $0.server.trustedFront.allowedAddresses = $1
        },
        list("GATEWAY_AUTH_DEFAULT_GROUP", "auth.defaultGroup") { $0.auth.defaultGroup = $1 },
        bool("GATEWAY_AUTH_REQUIRE_KNOWN_USERS", "auth.requireKnownUsers") { $0.auth.requireKnownUsers = $1 },
        Override(variable: "GATEWAY_AUTH_UNKNOWN_DNS", key: "auth.unknownDNs") { configuration, text throws(ConfigurationProblem) in
            guard let access = AuthorizationPolicy.UnknownDNAccess(rawValue: text.trimmingWhitespace()) else {
                throw ConfigurationProblem(
                    key: "auth.unknownDNs", "environment variable GATEWAY_AUTH_UNKNOWN_DNS=\(text) is not one of refuse, readOnly")
            }
            configuration.auth.unknownDNs = access
        },
        list("GATEWAY_AUTH_WRITE_GROUPS", "auth.writeGroups") { $0.auth.writeGroups = $1 },
        Override(variable: "GATEWAY_AUTH_REGISTRY_SOURCE_TYPE", key: "auth.registrySource.type") { configuration, text throws(ConfigurationProblem) in
            guard let kind = RegistrySourceSettings.Kind(rawValue: text.trimmingWhitespace()) else {
                throw ConfigurationProblem(
                    key: "auth.registrySource.type",
                    "environment variable GATEWAY_AUTH_REGISTRY_SOURCE_TYPE=\(text) is not one of none, configurationServer, cfgFile")
            }
            configuration.auth.registrySource.type = kind
        },
        list("GATEWAY_AUTH_REGISTRY_SOURCE_URLS", "auth.registrySource.urls") { $0.auth.registrySource.urls = $1 },
        string("GATEWAY_AUTH_REGISTRY_SOURCE_PATH", "auth.registrySource.path") { $0.auth.registrySource.path = $1 },
        int("GATEWAY_AUTH_REGISTRY_SOURCE_REFRESH_SECONDS", "auth.registrySource.refreshSeconds") {
            $0.auth.registrySource.refreshSeconds = $1
        },
        string("GATEWAY_RUCIO_URL", "rucio.url") { $0.rucio.url = $1 },
        string("GATEWAY_RUCIO_AUTH_URL", "rucio.authURL") { $0.rucio.authURL = $1 },
        string("GATEWAY_RUCIO_VO", "rucio.vo") { $0.rucio.vo = $1 },
        string("GATEWAY_RUCIO_CA_DIRECTORY", "rucio.caDirectory") { $0.rucio.caDirectory = $1 },
        int("GATEWAY_RUCIO_TIMEOUT_SECONDS", "rucio.timeoutSeconds") { $0.rucio.timeoutSeconds = $1 },
        Override(variable: "GATEWAY_RUCIO_AUTH_TYPE", key: "rucio.auth.type") { configuration, text throws(ConfigurationProblem) in
            guard let kind = RucioSettings.Authentication.Kind(rawValue: text.trimmingWhitespace()) else {
                throw ConfigurationProblem(
                    key: "rucio.auth.type",
                    "environment variable GATEWAY_RUCIO_AUTH_TYPE=\(text) is not one of userpass, x509, token")
            }
            configuration.rucio.auth.type = kind
        },
        string("GATEWAY_RUCIO_USERNAME", "rucio.auth.username") { $0.rucio.auth.username = $1 },
        string("GATEWAY_RUCIO_PASSWORD", "rucio.auth.password") { $0.rucio.auth.password = $1 },
        string("GATEWAY_RUCIO_PASSWORD_FILE", "rucio.auth.passwordFile") { $0.rucio.auth.passwordFile = $1 },
        string("GATEWAY_RUCIO_CERTIFICATE", "rucio.auth.certificate") { $0.rucio.auth.certificate = $1 },
        string("GATEWAY_RUCIO_KEY", "rucio.auth.key") { $0.rucio.auth.key = $1 },
        string("GATEWAY_RUCIO_TOKEN_FILE", "rucio.auth.tokenFile") { $0.rucio.auth.tokenFile = $1 },
        string("GATEWAY_RUCIO_SCOPE_ALGORITHM", "rucio.scopeAlgorithm") { $0.rucio.scopeAlgorithm = $1 },
        string("GATEWAY_RUCIO_DEFAULT_ACCOUNT", "rucio.accounts.default") { $0.rucio.accounts.default = $1 },
        bool("GATEWAY_METRICS_ENABLED", "metrics.enabled") { $0.metrics.enabled = $1 },
        string("GATEWAY_METRICS_HOST", "metrics.host") { $0.metrics.host = $1 },
        int("GATEWAY_METRICS_PORT", "metrics.port") { $0.metrics.port = $1 },
        string("GATEWAY_LOG_LEVEL", "logging.level") { $0.logging.level = $1 },
    ]

    /// The variables understood, with the key each overrides (for `check-config` and the README).
    public static var variables: [(variable: String, key: String)] { all.map { ($0.variable, $0.key) } }

    /// Applies every override present in `environment`; returns the problems (a non-numeric port...).
    static func apply(_ environment: [String: String], to configuration: inout GatewayConfiguration) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        for override in all {
            guard let text = environment[override.variable] else { continue }
            do {
                try override.apply(&configuration, text)
            } catch {
                problems.append(error)
            }
        }
        return problems
    }

    private static func string(
        _ variable: String, _ key: String, _ set: @escaping @Sendable (inout GatewayConfiguration, String) -> Void
    ) -> Override {
        Override(variable: variable, key: key) { configuration, text throws(ConfigurationProblem) in set(&configuration, text) }
    }

    private static func int(
        _ variable: String, _ key: String, _ set: @escaping @Sendable (inout GatewayConfiguration, Int) -> Void
    ) -> Override {
        Override(variable: variable, key: key) { configuration, text throws(ConfigurationProblem) in
            guard let value = Int(text.trimmingWhitespace()) else {
                throw ConfigurationProblem(key: key, "environment variable \(variable)=\(text) is not an integer")
            }
            set(&configuration, value)
        }
    }

    private static func bool(
        _ variable: String, _ key: String, _ set: @escaping @Sendable (inout GatewayConfiguration, Bool) -> Void
    ) -> Override {
        Override(variable: variable, key: key) { configuration, text throws(ConfigurationProblem) in
            switch text.trimmingWhitespace().lowercased() {
            case "1", "true", "yes", "on": set(&configuration, true)
            case "0", "false", "no", "off": set(&configuration, false)
            default: throw ConfigurationProblem(key: key, "environment variable \(variable)=\(text) is not a boolean (true/false)")
            }
        }
    }

    private static func list(
        _ variable: String, _ key: String, _ set: @escaping @Sendable (inout GatewayConfiguration, [String]) -> Void
    ) -> Override {
        Override(variable: variable, key: key) { configuration, text throws(ConfigurationProblem) in
            set(&configuration, text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
