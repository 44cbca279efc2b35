import GatewayConfig
import Testing

import Foundation

/// A temporary directory with the files a TLS-mode configuration needs; removed by `remove()`.
struct TemporaryTree {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "gateway-config-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    var certificate: String { root + "/hostcert.pem" }
    var privateKey: String { root + "/hostkey.pem" }
    var caDirectory: String { root + "/certificates" }

    /// Writes a host certificate, a key and a hashed CA directory (contents are PEM-shaped, not real keys).
    func populate() throws {
        try write(certificate, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        try write(privateKey, "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")
        try FileManager.default.createDirectory(atPath: caDirectory, withIntermediateDirectories: true)
        try write(caDirectory + "/5a1b2c3d.0", "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n")
    }

    func write(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes `yaml` to a file of the tree and returns its path.
    func configFile(_ yaml: String, name: String = "gateway.yaml") throws -> String {
        let path = root + "/" + name
        try write(path, yaml)
        return path
    }
}

/// Loads a configuration written to a temporary file (throws `ConfigurationError` when it is invalid).
func load(_ yaml: String, environment: [String: String] = [:], checkFileSystem: Bool = false) throws -> GatewayConfiguration {
    let tree = try TemporaryTree()
    defer { tree.remove() }
    return try GatewayConfiguration.load(path: try tree.configFile(yaml), environment: environment, checkFileSystem: checkFileSystem)
}

/// The problems of an invalid configuration; records an issue when it loads.
func problems(
    _ yaml: String?, environment: [String: String] = [:], checkFileSystem: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> [ConfigurationProblem] {
    let tree = try TemporaryTree()
    defer { tree.remove() }
    let path = try yaml.map { try tree.configFile($0) }
    do {
        _ = try GatewayConfiguration.load(path: path, environment: environment, checkFileSystem: checkFileSystem)
        Issue.record("the configuration was accepted", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.problems
    }
}

extension [ConfigurationProblem] {
    var keys: [String] { map(\.key) }

    func first(key: String) -> ConfigurationProblem? { first { $0.key == key } }
}
