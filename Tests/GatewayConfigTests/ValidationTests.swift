import GatewayConfig
import Testing

import Foundation

@Suite("Configuration validation")
struct ValidationTests {
    @Test("port range: 0, negative and above 65535 are refused; 1 and 65535 accepted", arguments: [
        (0, false), (-1, false), (65536, false), (1, true), (65535, true), (8443, true),
    ])
    func portRange(port: Int, valid: Bool) {
        var configuration = GatewayConfiguration()
        configuration.server.port = port
        let found = configuration.problems(checkFileSystem: false)
        if valid {
            #expect(found.isEmpty, "\(found)")
        } else {
            #expect(found.keys == ["server.port"])
            #expect(found.first?.message == "must be between 1 and 65535, got \(port)")
        }
    }

    @Test("routes must be <System>/<Component>", arguments: [
        ("DataManagement/FileCatalog", true), ("/DataManagement/FileCatalog", true), ("DataManagement/FileCatalog/", true),
        ("FileCatalog", false), ("DataManagement/FileCatalog/Extra", false), ("Data Management/FileCatalog", false),
        ("", false), ("/", false),
    ])
    func routeFormat(route: String, valid: Bool) {
        var configuration = GatewayConfiguration()
        configuration.server.routes = ["DataManagement/FileCatalog", route]
        let found = configuration.problems(checkFileSystem: false)
        if valid {
            #expect(found.isEmpty, "\(found)")
        } else {
            #expect(found.keys == ["server.routes[1]"])
            #expect(found.first?.message == "must be <System>/<Component>, got '\(route)'")
        }
    }

    @Test("at least one route is needed")
    func noRoutes() {
        var configuration = GatewayConfiguration()
        configuration.server.routes = []
        #expect(configuration.problems(checkFileSystem: false).keys == ["server.routes"])
    }

    @Test("TLS mode needs a certificate and a key; trusted-front mode needs front addresses instead")
    func certificateRequiredInTLSMode() throws {
        let found = try problems("server:\n  certificate: null\n  privateKey: null\n")
        #expect(found.keys == ["server.certificate", "server.privateKey"])
        #expect(found.first?.message == "a host certificate is required for HTTPS")

        var front = GatewayConfiguration()
        front.server.certificate = nil
        front.server.privateKey = nil
        front.server.trustedFront.enabled = true
        #expect(front.problems(checkFileSystem: false).isEmpty)
        front.server.trustedFront.allowedAddresses = []
        #expect(front.problems(checkFileSystem: false).keys == ["server.trustedFront.allowedAddresses"])
    }

    @Test("numeric limits", arguments: [
        ("maxRequestBytes", 0), ("compressResponsesAbove", -1), ("caReloadSeconds", -1), ("idleTimeoutSeconds", 0),
    ])
    func numericLimits(key: String, value: Int) throws {
        let found = try problems("server:\n  \(key): \(value)\n")
        #expect(found.keys == ["server.\(key)"])
    }

    @Test("metrics port: in range and not the server's port; not checked when metrics are off")
    func metricsPort() {
        var configuration = GatewayConfiguration()
        configuration.metrics.port = configuration.server.port
        #expect(configuration.problems(checkFileSystem: false).keys == ["metrics.port"])
        configuration.metrics.port = 0
        #expect(configuration.problems(checkFileSystem: false).keys == ["metrics.port"])
        configuration.metrics.enabled = false
        #expect(configuration.problems(checkFileSystem: false).isEmpty)
    }

    @Test("log level must be a swift-log level, in any case")
    func logLevel() {
        var configuration = GatewayConfiguration()
        configuration.logging.level = "WARNING"
        #expect(configuration.problems(checkFileSystem: false).isEmpty)
        configuration.logging.level = "verbose"
        #expect(configuration.problems(checkFileSystem: false).keys == ["logging.level"])
    }

    @Test("users and hosts: names, DN form, DNs listed twice, empty group names")
    func registryEntries() throws {
        let yaml = """
            auth:
              writeGroups: [prod, ""]
              users:
                - name: ""
                  dn: C=ch/CN=u
                  groups: [g, ""]
                - name: twin
                  dn: /CN=same
                  groups: [g]
              hosts:
                - name: h
                  dn: /CN=same
                - name: ""
                  dn: CN=h
            """
        let found = try problems(yaml)
        #expect(Set(found.keys) == [
            "auth.users[0].name", "auth.users[0].dn", "auth.users[0].groups", "auth.hosts[0].dn", "auth.hosts[1].name",
            "auth.hosts[1].dn", "auth.writeGroups",
        ])
        #expect(found.first { $0.key == "auth.hosts[0].dn" }?.message == "DN listed twice: /CN=same")
    }

    @Test("problems of the file and of the environment are reported together")
    func allProblemsTogether() throws {
        let found = try problems("server:\n  port: 0\nlogging:\n  level: loud\n", environment: ["GATEWAY_METRICS_PORT": "x"])
        #expect(Set(found.keys) == ["server.port", "logging.level", "metrics.port"])
    }
}

@Suite("Validation against the file system")
struct FileSystemValidationTests {
    func configuration(_ tree: TemporaryTree) -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.server.certificate = tree.certificate
        configuration.server.privateKey = tree.privateKey
        configuration.server.caDirectory = tree.caDirectory
        return configuration
    }

    @Test("readable PEM files and a hashed CA directory pass")
    func validTree() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.populate()
        #expect(configuration(tree).problems(checkFileSystem: true).isEmpty)
    }

    @Test("load() checks the file system by default when asked")
    func loadChecksFileSystem() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.populate()
        let yaml = "server:\n  certificate: \(tree.certificate)\n  privateKey: \(tree.privateKey)\n  caDirectory: \(tree.caDirectory)\n"
        let path = try tree.configFile(yaml)
        let loaded = try GatewayConfiguration.load(path: path, environment: [:], checkFileSystem: true)
        #expect(loaded.server.certificate == tree.certificate)
        try FileManager.default.removeItem(atPath: tree.privateKey)
        #expect(throws: ConfigurationError.self) {
            try GatewayConfiguration.load(path: path, environment: [:], checkFileSystem: true)
        }
    }

    @Test("unreadable (missing) certificate and key are reported with the OS reason")
    func missingFiles() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.populate()
        try FileManager.default.removeItem(atPath: tree.certificate)
        try FileManager.default.removeItem(atPath: tree.privateKey)
        let found = configuration(tree).problems(checkFileSystem: true)
        #expect(found.keys == ["server.certificate", "server.privateKey"])
        #expect(found.first?.message == "cannot read \(tree.certificate): No such file or directory")
    }

    @Test("files without the expected PEM block are reported")
    func notPEM() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.populate()
        try tree.write(tree.certificate, "just text\n")
        // A certificate where a key is expected.
        try tree.write(tree.privateKey, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        let found = configuration(tree).problems(checkFileSystem: true)
        #expect(found.keys == ["server.certificate", "server.privateKey"])
        #expect(found.first?.message == "\(tree.certificate) holds no PEM CERTIFICATE")
        #expect(found.last?.message == "\(tree.privateKey) holds no PEM PRIVATE KEY")
    }

    @Test("a directory given as certificate is reported")
    func directoryAsCertificate() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.populate()
        var configuration = configuration(tree)
        configuration.server.certificate = tree.caDirectory
        #expect(configuration.problems(checkFileSystem: true).keys == ["server.certificate"])
    }

    @Test("a missing CA directory is reported")
    func missingCADirectory() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.populate()
        var configuration = configuration(tree)
        configuration.server.caDirectory = tree.root + "/nope"
        let found = configuration.problems(checkFileSystem: true)
        #expect(found.keys == ["server.caDirectory"])
        #expect(found.first?.message == "cannot open \(tree.root)/nope: No such file or directory")
    }

    @Test("a CA directory without <hash>.<n> files is reported, even with PEM files and CRLs in it")
    func caDirectoryWithoutHashes() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.populate()
        try FileManager.default.removeItem(atPath: tree.caDirectory + "/5a1b2c3d.0")
        try tree.write(tree.caDirectory + "/ca.pem", "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n")
        try tree.write(tree.caDirectory + "/5a1b2c3d.r0", "-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n")
        try tree.write(tree.caDirectory + "/5a1b2c3.0", "short hash\n")
        try tree.write(tree.caDirectory + "/5a1b2c3g.0", "not hex\n")
        let found = configuration(tree).problems(checkFileSystem: true)
        #expect(found.keys == ["server.caDirectory"])
        #expect(found.first?.message.contains("openssl rehash") == true)
        // One hashed CA makes it valid.
        try tree.write(tree.caDirectory + "/0badc0de.1", "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n")
        #expect(configuration(tree).problems(checkFileSystem: true).isEmpty)
    }

    @Test("in trusted-front mode certificate files are not checked, the CA directory still is")
    func trustedFrontFileChecks() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.populate()
        var configuration = configuration(tree)
        configuration.server.trustedFront.enabled = true
        configuration.server.certificate = tree.root + "/missing.pem"
        #expect(configuration.problems(checkFileSystem: true).isEmpty)
        configuration.server.caDirectory = tree.root + "/missing"
        #expect(configuration.problems(checkFileSystem: true).keys == ["server.caDirectory"])
    }

    @Test("without checkFileSystem nothing on disk is looked at")
    func noFileSystemCheck() {
        var configuration = GatewayConfiguration()
        configuration.server.certificate = "/nonexistent/cert.pem"
        configuration.server.caDirectory = "/nonexistent"
        #expect(configuration.problems(checkFileSystem: false).isEmpty)
    }
}
