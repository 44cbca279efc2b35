import DIRACWire
import FileCatalog
import GatewayConfig
import Logging
import RucioREST

/// Declares the fields of `rucio.metadata.fields` at start, with `addMetadataField`'s own semantics, so that a
/// restart (or a second instance) changes nothing: an existing field of the same type is left alone, a clash
/// (other level, other type) is logged and left to the operator. Rucio may not answer yet when the gateway
/// starts: transient failures are retried with a growing pause until the fields are in.
struct MetadataSchemaSeeding: Sendable {
    let catalog: RucioCatalog
    let settings: RucioSettings
    let logger: Logger

    var account: String? { settings.metadata.schemaAccount ?? settings.accounts.default ?? settings.auth.username }

    func run() async {
        let fields = settings.metadata.fields
        let wanted = fields.directory.sorted { $0.key < $1.key }.map { ($0.key, $0.value, MetadataLevel.directory) }
            + fields.file.sorted { $0.key < $1.key }.map { ($0.key, $0.value, MetadataLevel.file) }
        guard !wanted.isEmpty else { return }
        guard let account else {
            logger.warning("rucio.metadata.fields: no account to write them with (set rucio.metadata.schemaAccount)")
            return
        }
        let session = catalog.client.account(account)
        var pause: Duration = .seconds(5)
        while !Task.isCancelled {
            do throws(RucioError) {
                for (name, type, level) in wanted {
                    let result = try await catalog.addMetadataField(name, type: type, level: level, in: session)
                    switch result.outcome {
                    case .ok(let value):
                        logger.info("metadata field \(name) (\(level.rawValue), \(type)): \(value.stringValue ?? "")")
                    case .error(let error):
                        logger.warning("metadata field \(name) (\(level.rawValue), \(type)) not declared: \(error.message)")
                    }
                }
                return
            } catch {
                logger.warning("declaring rucio.metadata.fields failed, retrying in \(pause)", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(300))
            }
        }
    }
}
