import DIRACAuth
import GatewayConfig
import GridSecurity
import Testing

import Foundation

let fullExample = """
    # Every setting, as in the example configuration.
    server:
      host: 127.0.0.1
      port: 9443
      certificate: /etc/gateway/hostcert.pem
      privateKey: /etc/gateway/hostkey.pem
      caDirectory: /etc/gateway/certificates
      crlPolicy: require
      caReloadSeconds: 600
      routes:
        - DataManagement/FileCatalog
        - DataManagement/TornadoFileCatalog
      maxRequestBytes: 1048576
      compressResponsesAbove: 0
      idleTimeoutSeconds: 30
      trustedFront:
        enabled: false
        allowedAddresses: [10.0.0.1]
    auth:
      defaultGroup: ctao_user
      requireKnownUsers: true
      writeGroups: [ctao_production, ctao_admin]
      users:
        - name: testuser
          dn: /C=ch/O=CTAO/OU=DPPS Test/CN=testuser
          groups: [ctao_user, ctao_production]
      hosts:
        - name: localhost
          dn: /C=ch/O=CTAO/OU=DPPS Test/CN=localhost
          trusted: true
        - name: worker
          dn: /C=ch/O=CTAO/OU=DPPS Test/CN=worker
    metrics:
      enabled: true
      host: 0.0.0.0
      port: 9100
    logging:
      level: debug
    """

@Suite("GatewayConfiguration: YAML, defaults, unknown keys, type errors")
struct ConfigurationDecodingTests {
    @Test("a full example decodes into every setting")
    func fullExampleDecodes() throws {
        let configuration = try load(fullExample)
        let server = configuration.server
        #expect(server.host == "127.0.0.1")
        #expect(server.port == 9443)
        #expect(server.certificate == "/etc/gateway/hostcert.pem")
        #expect(server.privateKey == "/etc/gateway/hostkey.pem")
        #expect(server.caDirectory == "/etc/gateway/certificates")
        #expect(server.crlPolicy == .require)
        #expect(server.caReloadSeconds == 600)
        #expect(server.routes == ["DataManagement/FileCatalog", "DataManagement/TornadoFileCatalog"])
        #expect(server.maxRequestBytes == 1_048_576)
        #expect(server.compressResponsesAbove == 0)
        #expect(server.idleTimeoutSeconds == 30)
        #expect(server.trustedFront.enabled == false)
        #expect(server.trustedFront.allowedAddresses == ["10.0.0.1"])
        let auth = configuration.auth
        #expect(auth.defaultGroup == ["ctao_user"])
        #expect(auth.requireKnownUsers == true)
        #expect(auth.writeGroups == ["ctao_production", "ctao_admin"])
        #expect(auth.users == [.init(name: "testuser", dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", groups: ["ctao_user", "ctao_production"])])
        #expect(auth.hosts == [
            .init(name: "localhost", dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=localhost", trusted: true),
            .init(name: "worker", dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=worker", trusted: false),
        ])
        #expect(configuration.metrics.enabled)
        #expect(configuration.metrics.host == "0.0.0.0")
        #expect(configuration.metrics.port == 9100)
        #expect(configuration.logging.level == "debug")
    }

    @Test("the shipped docs/gateway.example.yaml decodes, with no unknown key, to the defaults it documents")
    func shippedExample() throws {
        let testFile = #filePath
        let root = testFile.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        let path = root + "/docs/gateway.example.yaml"
        try #require(FileManager.default.fileExists(atPath: path), "\(path) is missing")
        let configuration = try GatewayConfiguration.load(path: path, environment: [:], checkFileSystem: false)
        #expect(configuration == GatewayConfiguration())
    }

    @Test("the auth settings become the gateway's rules and a Registry in DIRAC's shape")
    func policy() throws {
        let auth = try load(fullExample).auth
        #expect(auth.policy.writeGroups == ["ctao_production", "ctao_admin"])
        #expect(auth.policy.unknownDNs == .refuse)
        let registry = auth.localRegistry
        #expect(registry.defaultGroups == ["ctao_user"])
        #expect(registry.users.map(\.name) == ["testuser"])
        #expect(registry.users.first?.defaultGroups == ["ctao_user"])
        #expect(registry.groupNames(ofUser: "testuser") == ["ctao_user", "ctao_production"])
        #expect(registry.hosts.map(\.properties) == [["TrustedHost"], []])
    }

    @Test("a group listed under auth.groups gains the members named by users and keeps its properties")
    func groupsAndMembers() throws {
        let auth = try load("""
            auth:
              users:
                - {name: a, dn: [/C=ch/CN=a, /C=ch/CN=a2], groups: [prod]}
                - {name: b, dn: /C=ch/CN=b}
              groups:
                - {name: prod, users: [b], properties: [FileCatalogAdmin]}
            """).auth
        let registry = auth.localRegistry
        #expect(registry.group(named: "prod")?.users == ["b", "a"])
        #expect(registry.group(named: "prod")?.properties == ["FileCatalogAdmin"])
        #expect(registry.user(forDN: "/C=ch/CN=a2")?.name == "a")
        #expect(auth.problems(checkFileSystem: false).isEmpty)
    }

    @Test("requireKnownUsers: false is refused with a pointer to unknownDNs; readOnly is accepted")
    func requireKnownUsersFalse() throws {
        #expect(try problems("auth:\n  requireKnownUsers: false\n").map(\.key) == ["auth.requireKnownUsers"])
        #expect(try load("auth:\n  unknownDNs: readOnly\n").auth.policy.unknownDNs == .readOnly)
    }

    @Test("defaults: no file at all")
    func defaultsWithoutFile() throws {
        let configuration = try GatewayConfiguration.load(path: nil, environment: [:], checkFileSystem: false)
        #expect(configuration == GatewayConfiguration())
        let server = configuration.server
        #expect(server.host == "0.0.0.0")
        #expect(server.port == 8443)
        #expect(server.certificate == "/etc/grid-security/hostcert.pem")
        #expect(server.privateKey == "/etc/grid-security/hostkey.pem")
        #expect(server.caDirectory == "/etc/grid-security/certificates")
        #expect(server.crlPolicy == .ifPresent)
        #expect(server.caReloadSeconds == 3600)
        #expect(server.routes == ["DataManagement/FileCatalog"])
        #expect(server.maxRequestBytes == 256 * 1024 * 1024)
        #expect(server.compressResponsesAbove == 1024)
        #expect(server.idleTimeoutSeconds == 120)
        #expect(server.trustedFront.enabled == false)
        #expect(server.trustedFront.allowedAddresses == ["127.0.0.1", "::1"])
        #expect(configuration.auth.defaultGroup == nil)
        #expect(configuration.auth.unknownDNs == .refuse)
        #expect(configuration.auth.writeGroups.isEmpty)
        #expect(configuration.auth.users.isEmpty)
        #expect(configuration.auth.hosts.isEmpty)
        #expect(configuration.metrics.enabled)
        #expect(configuration.metrics.host == "127.0.0.1")
        #expect(configuration.metrics.port == 9464)
        #expect(configuration.logging.level == "info")
    }

    @Test("defaults fill what a partial file leaves out; an empty file is all defaults")
    func partialFile() throws {
        let configuration = try load("server:\n  port: 10443\nauth:\n  writeGroups: [prod]\n")
        #expect(configuration.server.port == 10443)
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.routes == ["DataManagement/FileCatalog"])
        #expect(configuration.server.trustedFront.allowedAddresses == ["127.0.0.1", "::1"])
        #expect(configuration.auth.writeGroups == ["prod"])
        #expect(configuration.metrics.port == 9464)
        #expect(try load("") == GatewayConfiguration())
        #expect(try load("# only a comment\n") == GatewayConfiguration())
    }

    @Test("an explicit null certificate means none (trusted-front mode)")
    func nullCertificate() throws {
        let configuration = try load("server:\n  certificate: null\n  privateKey: ~\n  trustedFront:\n    enabled: true\n")
        #expect(configuration.server.certificate == nil)
        #expect(configuration.server.privateKey == nil)
        #expect(configuration.server.trustedFront.enabled)
    }

    @Test("a host's trusted flag defaults to false")
    func hostTrustedDefault() throws {
        let configuration = try load("auth:\n  hosts:\n    - name: h\n      dn: /CN=h\n")
        #expect(configuration.auth.hosts == [.init(name: "h", dn: "/CN=h", trusted: false)])
    }

    @Test("an unknown key is reported with its path and the known keys")
    func unknownKey() throws {
        let found = try problems("server:\n  prot: 9443\n")
        #expect(found.keys == ["server.prot"])
        let message = try #require(found.first?.message)
        #expect(message.hasPrefix("unknown key"))
        #expect(message.contains("port"))
        #expect(found.first?.description.hasPrefix("server.prot: unknown key") == true)
    }

    @Test("unknown keys at every level: top, nested section, list entries")
    func unknownKeysEverywhere() throws {
        let yaml = """
            sever:
              port: 1
            server:
              trustedFront:
                enable: true
            auth:
              users:
                - name: u
                  dn: /CN=u
                  groups: [g]
                  group: g
              hosts:
                - name: h
                  dn: /CN=h
                  trusted: true
                  trustd: true
            logging:
              lvl: debug
            """
        let found = try problems(yaml)
        #expect(Set(found.keys) == ["sever", "server.trustedFront.enable", "auth.users[0].group", "auth.hosts[0].trustd", "logging.lvl"])
        #expect(found.allSatisfy { $0.message.hasPrefix("unknown key") })
    }

    @Test("a type mismatch is reported with the key path", arguments: [
        ("server:\n  port: https\n", "server.port", "an integer"),
        ("server:\n  crlPolicy: maybe\n", "server.crlPolicy", "maybe"),
        ("server:\n  routes: DataManagement/FileCatalog\n", "server.routes", "expected"),
        ("metrics:\n  port: [1]\n", "metrics.port", "expected"),
        ("server:\n  trustedFront:\n    enabled: 3\n", "server.trustedFront.enabled", "a boolean"),
    ])
    func typeMismatch(yaml: String, key: String, expected: String) throws {
        let found = try problems(yaml)
        #expect(found.keys == [key], "\(found)")
        #expect(found.first?.message.contains(expected) == true, "\(found)")
    }

    @Test("a type mismatch inside a list entry names the index")
    func typeMismatchInList() throws {
        let found = try problems("auth:\n  users:\n    - name: u\n      dn: /CN=u\n      groups: [g]\n    - name: v\n      dn: /CN=v\n      groups: {a: 1}\n")
        #expect(found.keys == ["auth.users[1].groups"], "\(found)")
    }

    @Test("a missing required key of a list entry is reported with its path")
    func missingRequiredKey() throws {
        let found = try problems("auth:\n  hosts:\n    - name: h\n")
        #expect(found.keys == ["auth.hosts[0].dn"], "\(found)")
        #expect(found.first?.message == "required key is missing")
    }

    @Test("unknown keys and a type mismatch are reported together")
    func unknownAndMismatchTogether() throws {
        let found = try problems("server:\n  prot: 1\n  port: x\n")
        #expect(Set(found.keys) == ["server.prot", "server.port"])
    }

    @Test("text that is not YAML is reported, not crashed on")
    func invalidYAML() throws {
        let found = try problems("server: [unclosed\n")
        #expect(found.keys == ["(file)"])
        #expect(found.first?.message.hasPrefix("not valid YAML") == true)
    }

    @Test("a missing configuration file is reported under its path")
    func missingFile() {
        do {
            _ = try GatewayConfiguration.load(path: "/nonexistent/gateway.yaml", environment: [:], checkFileSystem: false)
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.problems.keys == ["/nonexistent/gateway.yaml"])
            #expect(error.problems.first?.message.hasPrefix("cannot read the configuration file") == true)
        }
    }

    @Test("the error lists every problem, one per line")
    func errorDescription() {
        let error = ConfigurationError(problems: [
            ConfigurationProblem(key: "server.port", "must be between 1 and 65535, got 0"),
            ConfigurationProblem(key: "logging.level", "bad"),
        ])
        #expect(error.description == "invalid configuration:\n  - server.port: must be between 1 and 65535, got 0\n  - logging.level: bad")
    }
}

@Suite("Environment overrides")
struct EnvironmentOverrideTests {
    @Test("integers, booleans, strings and comma-separated lists override the file")
    func overrides() throws {
        let configuration = try load(fullExample, environment: [
            "GATEWAY_SERVER_PORT": " 10443 ",
            "GATEWAY_SERVER_HOST": "::",
            "GATEWAY_SERVER_CRL_POLICY": " ignore ",
            "GATEWAY_METRICS_ENABLED": "FALSE",
            "GATEWAY_AUTH_UNKNOWN_DNS": "readOnly",
            "GATEWAY_TRUSTED_FRONT_ENABLED": "on",
            "GATEWAY_SERVER_ROUTES": "DataManagement/FileCatalog, DataManagement/Other ,,",
            "GATEWAY_AUTH_WRITE_GROUPS": "ctao_production",
            "GATEWAY_TRUSTED_FRONT_ALLOWED_ADDRESSES": "10.1.1.1,10.1.1.2",
            "GATEWAY_AUTH_DEFAULT_GROUP": "ctao_guest",
            "GATEWAY_LOG_LEVEL": "warning",
            "GATEWAY_SERVER_CA_RELOAD_SECONDS": "0",
            "UNRELATED": "ignored",
        ])
        #expect(configuration.server.port == 10443)
        #expect(configuration.server.host == "::")
        #expect(configuration.server.crlPolicy == .ignore)
        #expect(configuration.metrics.enabled == false)
        #expect(configuration.auth.unknownDNs == .readOnly)
        #expect(configuration.server.trustedFront.enabled == true)
        #expect(configuration.server.routes == ["DataManagement/FileCatalog", "DataManagement/Other"])
        #expect(configuration.auth.writeGroups == ["ctao_production"])
        #expect(configuration.auth.unknownDNs == .readOnly)
        #expect(configuration.server.trustedFront.allowedAddresses == ["10.1.1.1", "10.1.1.2"])
        #expect(configuration.auth.defaultGroup == ["ctao_guest"])
        #expect(configuration.logging.level == "warning")
        #expect(configuration.server.caReloadSeconds == 0)
        // Untouched settings keep the file's values.
        #expect(configuration.server.idleTimeoutSeconds == 30)
    }

    @Test("overrides apply without any file")
    func overridesWithoutFile() throws {
        let configuration = try GatewayConfiguration.load(
            path: nil, environment: ["GATEWAY_METRICS_PORT": "9200", "GATEWAY_SERVER_CERTIFICATE": "/x/cert.pem"], checkFileSystem: false)
        #expect(configuration.metrics.port == 9200)
        #expect(configuration.server.certificate == "/x/cert.pem")
    }

    @Test("bad values are reported under the key they override, naming the variable")
    func badValues() throws {
        let found = try problems(nil, environment: [
            "GATEWAY_SERVER_PORT": "84x3", "GATEWAY_SERVER_CRL_POLICY": "maybe", "GATEWAY_METRICS_ENABLED": "sometimes",
            "GATEWAY_METRICS_PORT": "",
        ])
        #expect(Set(found.keys) == ["server.port", "server.crlPolicy", "metrics.enabled", "metrics.port"])
        #expect(found.first(key: "server.port")?.message == "environment variable GATEWAY_SERVER_PORT=84x3 is not an integer")
        #expect(found.first(key: "metrics.enabled")?.message
            == "environment variable GATEWAY_METRICS_ENABLED=sometimes is not a boolean (true/false)")
        #expect(found.first(key: "server.crlPolicy")?.message.hasPrefix("environment variable GATEWAY_SERVER_CRL_POLICY=maybe is not one of") == true)
    }

    @Test("an overridden value is validated like a file value")
    func overriddenValueValidated() throws {
        let found = try problems(nil, environment: ["GATEWAY_SERVER_PORT": "70000"])
        #expect(found.keys.contains("server.port"))
        #expect(found.first(key: "server.port")?.message == "must be between 1 and 65535, got 70000")
    }

    @Test("every variable is listed with the key it overrides, all GATEWAY_-prefixed and distinct")
    func variableList() {
        let variables = EnvironmentOverrides.variables
        #expect(variables.count == Set(variables.map(\.variable)).count)
        #expect(variables.allSatisfy { $0.variable.hasPrefix("GATEWAY_") })
        #expect(variables.contains { $0 == ("GATEWAY_SERVER_PORT", "server.port") })
        #expect(variables.contains { $0 == ("GATEWAY_AUTH_WRITE_GROUPS", "auth.writeGroups") })
    }
}
