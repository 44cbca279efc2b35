import CurlHTTP
import GatewayJSON
import OrderedCollections

/// Rucio's DIRAC endpoint (`/dirac/addfiles`), the registration call of DIRAC's own
/// `RucioFileCatalogClient.addFile`.
extension RucioAccountSession {
    /// `POST /dirac/addfiles`: registers files with a replica each, in one transaction per chunk
    /// of `RucioConfiguration.maximumDiracAddFilesItems` (100): Rucio spends about 0.1 s per new
    /// file here.
    ///
    /// For every file that does not exist yet, Rucio (server side): derives the scope from `lfn`
    /// with its configured algorithm; creates the file and its replica on `rse`; creates the
    /// LFN's directory as a DATASET if missing (with a rule `ANY=true`, grouping NONE) and every
    /// missing ancestor as a CONTAINER, attaching each to the next; adds a rule on the file for
    /// `rse`. **Existing files are skipped silently** (201): the call is idempotent per file, and
    /// bytes/checksums of an existing file are not compared.
    ///
    /// Prerequisites on the server: the top container (e.g. `root:/ctao`) exists (else a plain
    /// 500 "list index out of range"), every RSE has the attribute `ANY=true`, the account has
    /// quota or the `admin` attribute; an LFN needs at least 3 path elements. Conflicts: 405
    /// `UnsupportedOperation` when the directory exists as a container ("Cannot create … as
    /// dataset") or an ancestor as a dataset. Names are not validated by this endpoint.
    ///
    /// - Parameter parentsMetadata: metadata for collections the call creates, keyed by their
    ///   name (exact LFN-style path); applied only at creation. Each chunk carries the entries of
    ///   its own files' ancestors.
    public func diracAddFiles(
        _ files: [RucioDiracFile], ignoreAvailability: Bool,
        parentsMetadata: OrderedDictionary<String, OrderedDictionary<String, JSON>> = [:]
    ) async throws(RucioError) {
        let size = client.configuration.diracAddFilesChunkSize
        for (offset, chunk) in chunks(files, size: size) {
            var body: OrderedDictionary<String, JSON> = [
                "lfns": .array(chunk.map(\.json)),
                "ignore_availability": .bool(ignoreAvailability),
            ]
            let relevant = parentsMetadata.filter { entry in
                chunk.contains { Self.isAncestor(entry.key, of: $0.lfn) }
            }
            if !relevant.isEmpty {
                body["parents_metadata"] = .object(relevant.mapValues(JSON.object))
            }
            let call = RucioCall(
                method: .post, path: "/dirac/addfiles", body: .object(body), idempotent: false,
                chunkOffset: reportedOffset(offset, total: files.count, size: size))
            _ = try await client.perform(call, session: self)
        }
    }

    /// Whether `directory` is a proper ancestor path of `path` (`/a/b` of `/a/b/c`, not of `/a/bc`).
    static func isAncestor(_ directory: String, of path: String) -> Bool {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.count > prefix.count && path.hasPrefix(prefix)
    }
}
