/// Rucio's built-in `dirac` algorithm: `ScopeExtractionAlgorithms.extract_scope_dirac` in
/// `rucio/common/utils.py` (rucio and rucio-clients 41.5.1):
///
/// ```python
/// elem = did.rstrip('/').split('/')
/// if len(elem) > 2:
///     scope = elem[2]
/// else:
///     scope = elem[1]
/// return scope, did
/// ```
///
/// So the scope is the second path element (the one after the VO) and the name is the whole input,
/// unchanged. It is what the Rucio server's `/dirac/addfiles` endpoint was written for, and what
/// DIRAC's `RucioFileCatalogClient` uses with `DiracScopeAlg = dirac`.
///
/// What it does *not* do, unlike `ctao_bdms`:
/// * no `scope:` prefix handling: DIRAC's client splits `scope:lfn` itself before calling it, and
///   `foo:/ctao/bar/x` here gives scope `bar` and the name `foo:/ctao/bar/x`;
/// * no `root` scope: `/ctao` gives scope `ctao`; no `user.<name>` scope: `/ctao/user/a/alice/f`
///   gives `user`;
/// * no leading-`/` check: `a/b` gives scope `b`, and `//x` gives `x`; empty elements count
///   (`/ctao//x` gives the empty scope `""`);
/// * no guard on the index: `""`, `/`, `//`, `ctao` raise Python's `IndexError`
///   (`ScopeError.tooFewPathElements`).
///
/// The `scopes` list is ignored.
enum DiracScope {
    static func extract(_ did: String) throws(ScopeError) -> DID {
        let elements = pythonSplit(pythonRStrip(did, "/"), "/")
        if elements.count > 2 {
            return DID(scope: elements[2], name: did)
        }
        guard elements.count > 1 else {
            throw .tooFewPathElements(did: did)
        }
        return DID(scope: elements[1], name: did)
    }
}
