import Foundation
import GatewayConfig
import Testing

@Suite("Rucio settings")
struct RucioSettingsTests {
    static let yaml = """
        rucio:
          url: https://rucio.example.org
          vo: ctao
          timeoutSeconds: 20
          auth:
            type: userpass
            username: dirac
            password: secret
          scopeAlgorithm: ctao_bdms
          accounts:
            default: ctao-users
            groups: {ctao_production: dirac}
          storageElements: {CTAO-SE: STORAGE-1}
        """

    func load(_ yaml: String, environment: [String: String] = [:]) throws -> GatewayConfiguration {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        return try GatewayConfiguration.load(path: try tree.configFile(yaml), environment: environment, checkFileSystem: false)
    }

    func problems(_ yaml: String) throws -> [String] {
        do {
            _ = try load(yaml)
            return []
        } catch let error as ConfigurationError {
            return error.problems.map(\.description)
        }
    }

    @Test("the rucio section decodes: URL, login, scope algorithm, accounts by group, SE names")
    func decodes() throws {
        let rucio = try load(Self.yaml).rucio
        #expect(rucio.url == "https://rucio.example.org")
        #expect(rucio.vo == "ctao")
        #expect(rucio.timeoutSeconds == 20)
        #expect(rucio.auth.type == .userpass)
        #expect(rucio.auth.username == "dirac")
        #expect(rucio.accounts.account(forGroup: "ctao_production") == "dirac")
        #expect(rucio.accounts.account(forGroup: "ctao_user") == "ctao-users")
        #expect(rucio.storageElements == ["CTAO-SE": "STORAGE-1"])
    }

    @Test("without a URL nothing else of the section is required")
    func optionalWithoutURL() throws {
        let configuration = try load("rucio: {}")
        #expect(configuration.rucio.url == nil)
    }

    @Test("environment variables override the login and the account")
    func environmentOverrides() throws {
        let rucio = try load(Self.yaml, environment: [
            "GATEWAY_RUCIO_AUTH_TYPE": "x509", "GATEWAY_RUCIO_CERTIFICATE": "/tmp/proxy.pem",
            "GATEWAY_RUCIO_DEFAULT_ACCOUNT": "guests", "GATEWAY_RUCIO_URL": "http://127.0.0.1:18080",
        ]).rucio
        #expect(rucio.auth.type == .x509)
        #expect(rucio.auth.certificate == "/tmp/proxy.pem")
        #expect(rucio.accounts.default == "guests")
        #expect(rucio.url == "http://127.0.0.1:18080")
    }

    @Test("an unknown scope algorithm, a missing password and no account mapping are each reported")
    func problemsAreReported() throws {
        let found = try problems("""
            rucio:
              url: http://127.0.0.1:18080
              scopeAlgorithm: belleii
              auth: {type: userpass, username: dirac}
            """)
        #expect(found.contains { $0.hasPrefix("rucio.scopeAlgorithm:") && $0.contains("ctao_bdms") })
        #expect(found.contains { $0.hasPrefix("rucio.auth.password:") })
        #expect(found.contains { $0.hasPrefix("rucio.accounts:") })
    }

    @Test("a typo inside the rucio section is an unknown key with its path")
    func unknownKey() throws {
        let found = try problems("rucio:\n  auth:\n    usrname: x\n")
        #expect(found.contains { $0.hasPrefix("rucio.auth.usrname: unknown key") })
    }

    @Test("a timeout the DIRAC client would not wait for is refused")
    func timeoutBound() throws {
        let found = try problems(Self.yaml.replacingOccurrences(of: "timeoutSeconds: 20", with: "timeoutSeconds: 150"))
        #expect(found.contains { $0.hasPrefix("rucio.timeoutSeconds:") })
    }
}
