/// Rucio's built-in `def` algorithm: `ScopeExtractionAlgorithms.extract_scope_default` in
/// `rucio/common/utils.py` (rucio and rucio-clients 41.5.1), the ATLAS-style convention:
///
/// ```python
/// if did.find(':') == -1:
///     scope = did.split('.')[0]
///     if did.startswith('user') or did.startswith('group'):
///         scope = ".".join(did.split('.')[0:2])
///     if did.endswith('/'):
///         did = did[:-1]
///     return scope, did
/// parts = did.split(':')
/// if len(parts) != 2:
///     raise RucioException(f"... exactly one colon but found {len(parts)} colons.")
/// scope, name = parts
/// if not scope or not name:
///     raise RucioException(f"... Found empty scope or name.")
/// return scope, name
/// ```
///
/// Useless for DIRAC paths: `/ctao/LSTN-01/DL0/x.fits.fz` gives the scope `/ctao/LSTN-01/DL0/x`.
/// It is here because it is what DIRAC's `RucioFileCatalogClient` asks for by default
/// (`DiracScopeAlg` defaults to `def`) and what a Rucio *without* a policy package runs, so the
/// gateway can explain what such a setup would have done. With CTAO's policy package loaded, Rucio
/// runs `ctao_bdms` for `def` instead (see `ScopeAlgorithm.selectedByRucio`).
///
/// Only one trailing `/` is dropped, and only when there is no colon; the `scope:name` form is
/// returned as given. The `scopes` list is ignored.
enum RucioDefaultScope {
    static func extract(_ did: String) throws(ScopeError) -> DID {
        guard did.unicodeScalars.contains(":") else {
            let dotParts = pythonSplit(did, ".")
            var scope = dotParts[0]
            if pythonStartsWith(did, "user") || pythonStartsWith(did, "group") {
                scope = dotParts.prefix(2).joined(separator: ".")
            }
            var name = did
            if pythonEndsWith(did, "/") {
                var scalars = did.unicodeScalars
                scalars.removeLast()
                name = String(scalars)
            }
            return DID(scope: scope, name: name)
        }
        let parts = pythonSplit(did, ":")
        guard parts.count == 2 else {
            throw .wrongColonCount(did: did, parts: parts.count)
        }
        guard !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .emptyScopeOrName(did: did)
        }
        return DID(scope: parts[0], name: parts[1])
    }
}
