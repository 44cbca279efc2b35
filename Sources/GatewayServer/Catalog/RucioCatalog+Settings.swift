import FileCatalog
import GatewayConfig
import Logging
import RucioREST
import ScopeAlgorithms

#if canImport(Glibc)
import Glibc
#endif

extension RucioCatalog {
    /// The catalog the configuration describes, or nil when no Rucio server is configured (`rucio.url`), in
    /// which case the catalog methods answer HTTP 501.
    ///
    /// - Parameter recordTo: a fixture file that receives every exchange with Rucio (secrets masked), the
    ///   gateway's record mode (`serve --record-rucio FILE`); replay tests run the catalog layer from it.
    public static func configured(
        by settings: RucioSettings, recordTo fixtureFile: String? = nil, logger: Logger
    ) throws -> RucioCatalog? {
        guard let url = settings.url else { return nil }
        guard let algorithm = ScopeAlgorithm(rawValue: settings.scopeAlgorithm) else {
            throw RucioCatalogSetupError("rucio.scopeAlgorithm: unknown algorithm \(settings.scopeAlgorithm)")
        }
        let timeout = Duration.seconds(settings.timeoutSeconds)
        let configuration = RucioConfiguration(
            baseURL: url, authURL: settings.authURL, vo: settings.vo, requestTimeout: timeout,
            streamTimeout: timeout, caDirectory: settings.caDirectory,
            userAgent: "dirac-rucio-gateway/\(GatewayApplication.version)")
        var transport: (any RucioTransport)? = nil
        if let fixtureFile {
            transport = RecordingTransport(wrapping: CurlRucioTransport(configuration: configuration), fixtureFile: fixtureFile)
        }
        let client = RucioClient(
            configuration: configuration, credentials: try credentials(settings.auth), transport: transport,
            logger: Logger(label: "RucioREST"))
        return RucioCatalog(
            client: client,
            naming: LFNNaming(algorithm: algorithm),
            storageElements: StorageElementMap(settings.storageElements),
            accounts: AccountMap(
                defaultAccount: settings.accounts.default, groups: settings.accounts.groups,
                users: settings.accounts.users),
            metadata: MetadataCatalogSettings(
                schemaDID: settings.metadata.schemaScopeAndName.map { RucioDID(scope: $0.scope, name: $0.name) }
                    ?? MetadataCatalogSettings().schemaDID,
                queryScopes: settings.metadata.queryScopes, queryConcurrency: settings.metadata.queryConcurrency,
                listFilesUpTo: Int64(settings.metadata.listFilesUpTo)),
            logger: logger)
    }

    static func credentials(_ auth: RucioSettings.Authentication) throws -> RucioCredentials {
        switch auth.type {
        case .userpass:
            guard let username = auth.username else { throw RucioCatalogSetupError("rucio.auth.username is required") }
            if let password = auth.password { return .userpass(username: username, password: password) }
            guard let file = auth.passwordFile, let password = readFirstLine(file) else {
                throw RucioCatalogSetupError("rucio.auth: give password or a readable passwordFile")
            }
            return .userpass(username: username, password: password)
        case .x509:
            guard let certificate = auth.certificate else { throw RucioCatalogSetupError("rucio.auth.certificate is required") }
            return .x509(certificateFile: certificate, keyFile: auth.key)
        case .token:
            guard let file = auth.tokenFile else { throw RucioCatalogSetupError("rucio.auth.tokenFile is required") }
            // Re-read at every login, so a token renewed on disk (by an oidc-agent or a sidecar) is picked up.
            return .tokenProvider(RucioTokenProvider { _ in
                guard let token = readFirstLine(file) else { throw RucioCatalogSetupError("cannot read token file \(file)") }
                return token
            })
        }
    }

    /// The first line of a small secret file, without its line break.
    static func readFirstLine(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 65536)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        var line = Substring(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        while let last = line.last, last == "\n" || last == "\r" { line = line.dropLast() }
        return line.isEmpty ? nil : String(line)
    }
}

/// The configuration names no usable Rucio client.
public struct RucioCatalogSetupError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

