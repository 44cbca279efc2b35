import RucioREST
import ScopeAlgorithms

/// LFN → Rucio DID, as the Rucio server itself derives it (`[common] extract_scope`; CTAO: `ctao_bdms`), and
/// the name check that keeps a bad LFN from failing a whole bulk request (Rucio answers 400/500 `InvalidObject`
/// for every DID of a `/dids/bulkmeta` request when one name breaks its schema).
///
/// The DID name is the LFN itself for `ctao_bdms` and `dirac`, which is also what Rucio's `/dirac/addfiles`
/// and CTAO's ingestion register, so natively registered data shows through unchanged.
public struct LFNNaming: Sendable {
    public var algorithm: ScopeAlgorithm
    public var schema: NameSchema

    public init(algorithm: ScopeAlgorithm = .ctaoBDMS, schema: NameSchema = .ctaoBDMS) {
        self.algorithm = algorithm
        self.schema = schema
    }

    /// The DID of an (already normalised) LFN or directory path, or why it cannot be one.
    public func did(for path: String) -> Result<RucioDID, LFNRejection> {
        if !path.hasPrefix("/") {
            // The DFC's own words (DirectoryTreeBase.makeDirectory / makeDirectories).
            return .failure(LFNRejection(path: path, reason: "not an absolute path", failedText: "Not an absolute path"))
        }
        if path.split(separator: "/").last.map(String.init) == Self.hiddenFilesDataset {
            return .failure(LFNRejection(path: path, reason: "'\(Self.hiddenFilesDataset)' is reserved by the gateway"))
        }
        if let problem = validateName(path, schema: schema) {
            return .failure(LFNRejection(path: path, reason: problem.reason))
        }
        let did: DID
        do throws(ScopeError) {
            did = try algorithm.extract(path)
        } catch {
            return .failure(LFNRejection(path: path, reason: error.message))
        }
        if let problem = validateScope(did.scope) {
            return .failure(LFNRejection(path: path, reason: problem.reason))
        }
        return .success(RucioDID(scope: did.scope, name: did.name))
    }

    /// The dataset `D/.dfc-files` that holds the files added straight into a container directory `D`
    /// (`docs/directory-model.md`); listings show its files as files of `D` and never the dataset itself.
    public static let hiddenFilesDataset = ".dfc-files"

    /// The hidden files dataset of a container directory.
    public func hiddenFilesDID(of directory: RucioDID) -> RucioDID {
        RucioDID(scope: directory.scope, name: (directory.name == "/" ? "" : directory.name) + "/" + Self.hiddenFilesDataset)
    }

    /// Whether a DID is a hidden files dataset.
    public static func isHiddenFilesDataset(_ did: RucioDID) -> Bool {
        did.name.hasSuffix("/" + hiddenFilesDataset)
    }

    /// The LFN of a DID found in a listing (its name: see the type's note).
    public func lfn(of did: RucioDID) -> String { did.name }
}

/// Why a path cannot be named in Rucio; reported per LFN in `Failed`, never sent to Rucio.
public struct LFNRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// A DFC message to answer instead of `"Invalid LFN: <reason>"`, where the DFC has its own.
    public var failedText: String?

    public init(path: String, reason: String, failedText: String? = nil) {
        self.path = path
        self.reason = reason
        self.failedText = failedText
    }

    /// The `Failed` string: `"Invalid LFN: <reason>"`, or the DFC's own message.
    public var description: String { failedText ?? "Invalid LFN: \(reason)" }
}
