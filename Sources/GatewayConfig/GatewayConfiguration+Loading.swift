import Yams

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension GatewayConfiguration {
    /// Reads the YAML file (or only defaults when `path` is nil), applies the environment overrides, and
    /// checks the result. Throws `ConfigurationError` listing every problem found.
    public static func load(
        path: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        checkFileSystem: Bool = true
    ) throws(ConfigurationError) -> GatewayConfiguration {
        var problems: [ConfigurationProblem] = []
        var configuration = GatewayConfiguration()
        if let path {
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                configuration = try parse(yaml: text, problems: &problems)
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError(problems: [ConfigurationProblem(key: path, "cannot read the configuration file: \(error)")])
            }
        }
        problems += EnvironmentOverrides.apply(environment, to: &configuration)
        problems += configuration.problems(checkFileSystem: checkFileSystem)
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return configuration
    }

    /// Parses YAML text: unknown keys (usually typos) are problems, and so is every type mismatch.
    static func parse(yaml text: String, problems: inout [ConfigurationProblem]) throws(ConfigurationError) -> GatewayConfiguration {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(problems: [ConfigurationProblem(key: "(file)", "not valid YAML: \(error)")])
        }
        guard let node else { return GatewayConfiguration() }
        problems += ConfigurationSchema.root.unknownKeys(in: node, path: "")
        do {
            return try YAMLDecoder().decode(GatewayConfiguration.self, from: node)
        } catch let error as DecodingError {
            throw ConfigurationError(problems: problems + [ConfigurationProblem(decodingError: error)])
        } catch {
            throw ConfigurationError(problems: problems + [ConfigurationProblem(key: "(file)", "\(error)")])
        }
    }
}

extension ConfigurationProblem {
    /// Turns Swift's decoding errors into "key: what is wrong".
    init(decodingError: DecodingError) {
        func keyPath(_ path: [any CodingKey]) -> String {
            path.reduce(into: "") { result, key in
                if let index = key.intValue {
                    result += "[\(index)]"
                } else {
                    result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
        }
        switch decodingError {
        case .typeMismatch(let type, let context):
            self.init(key: keyPath(context.codingPath), "expected \(Self.describe(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            self.init(key: keyPath(context.codingPath), "expected \(Self.describe(type)), found null")
        case .keyNotFound(let key, let context):
            self.init(key: keyPath(context.codingPath + [key]), "required key is missing")
        case .dataCorrupted(let context):
            self.init(key: keyPath(context.codingPath), context.debugDescription)
        @unknown default:
            self.init(key: "(file)", "\(decodingError)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "an integer"
        case is Bool.Type: "a boolean (true/false)"
        case is String.Type: "a string"
        case is [String].Type: "a list of strings"
        default: "\(type)"
        }
    }
}

/// The shape of the file, derived from the settings' coding keys, to report keys the gateway does not know.
indirect enum ConfigurationSchema: Sendable {
    case leaf
    case mapping([String: ConfigurationSchema])
    case sequence(ConfigurationSchema)

    static let root: ConfigurationSchema = .mapping([
        "server": mapping(
            of: ServerSettings.CodingKeys.self,
            nested: ["trustedFront": mapping(of: TrustedFrontSettings.CodingKeys.self)]),
        "auth": mapping(
            of: AuthSettings.CodingKeys.self,
            nested: [
                "users": .sequence(mapping(of: AuthSettings.User.CodingKeys.self)),
                "groups": .sequence(mapping(of: AuthSettings.Group.CodingKeys.self)),
                "hosts": .sequence(mapping(of: AuthSettings.Host.CodingKeys.self)),
                "registrySource": mapping(of: RegistrySourceSettings.CodingKeys.self),
            ]),
        "rucio": mapping(
            of: RucioSettings.CodingKeys.self,
            nested: [
                "auth": mapping(of: RucioSettings.Authentication.CodingKeys.self),
                "accounts": mapping(of: RucioSettings.Accounts.CodingKeys.self),
                "metadata": mapping(
                    of: MetadataSettings.CodingKeys.self,
                    nested: ["fields": .mapping(["directory": .leaf, "file": .leaf])]),
            ]),
        "metrics": mapping(of: MetricsSettings.CodingKeys.self),
        "logging": mapping(of: LoggingSettings.CodingKeys.self),
    ])

    static func mapping<Keys: CodingKey & CaseIterable>(
        of keys: Keys.Type, nested: [String: ConfigurationSchema] = [:]
    ) -> ConfigurationSchema {
        .mapping(Dictionary(uniqueKeysWithValues: keys.allCases.map { ($0.stringValue, nested[$0.stringValue] ?? .leaf) }))
    }

    func unknownKeys(in node: Node, path: String) -> [ConfigurationProblem] {
        switch (self, node) {
        case (.mapping(let fields), .mapping(let mapping)):
            return mapping.flatMap { key, value -> [ConfigurationProblem] in
                let name = key.string ?? "\(key)"
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                guard let schema = fields[name] else {
                    let known = fields.keys.sorted().joined(separator: ", ")
                    return [ConfigurationProblem(key: childPath, "unknown key (known here: \(known))")]
                }
                return schema.unknownKeys(in: value, path: childPath)
            }
        case (.sequence(let element), .sequence(let sequence)):
            return sequence.enumerated().flatMap { element.unknownKeys(in: $1, path: "\(path)[\($0)]") }
        default:
            return []  // type mismatches are reported by the decoder
        }
    }
}
