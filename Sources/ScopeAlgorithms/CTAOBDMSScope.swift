/// CTAO's scope algorithm: `bdms_rucio_policy.scope.scope` from PyPI `ctao-bdms-rucio-policy`
/// (0.3.0 to 0.6.0; unchanged since 0.3.0). Rucio registers it as `ctao_bdms`
/// (`[common] extract_scope = ctao_bdms`), and, because the function is named `scope` in the module
/// `<package>.scope`, it is also what Rucio's `def` resolves to whenever the policy package is loaded.
///
/// The Python, step by step, and how it is reproduced:
///
/// 1. `given_scope, _, lfn = did.rpartition(":")`: split at the **last** colon. So `a:b:/ctao/b/x`
///    has the given scope `a:b`, and `/ctao/foo:bar/x` has the "LFN" `bar/x`.
/// 2. `lfn` must start with `/`, else `ValueError("DID {did!r} does not match expected schema: …")`.
/// 3. The path elements are `lfn.split("/")` with empty parts dropped (doubled and trailing slashes
///    do not count).
/// 4. Fewer than two elements (`/`, `/<vo>`, `/<vo>/`): scope `root`. The policy's comment: the
///    DIRAC integration needs a container with DID `/<VO>` owned by the admin in scope `root`.
/// 5. Second element exactly `user` (DIRAC's home layout `/<vo>/user/<u>/<username>/…`): fewer than
///    four elements gives `root`, otherwise `user.<fourth element>`. The initial-letter element is
///    **not** checked against the username.
/// 6. Otherwise: the second element (the one after the VO). The VO itself is never checked.
/// 7. A non-empty given scope must equal (code point for code point) the extracted one, else
///    `ValueError("Given scope '…' does not match extracted scope '…'")`. An empty given scope
///    (`:/ctao/x`) counts as none.
/// 8. The name is the text after the last colon, **unchanged**: trailing and doubled slashes stay
///    (unlike Rucio's `def`, which drops one trailing `/`).
///
/// The `scopes` list Rucio passes is ignored. Nothing here checks the NAME schema: `/ctao/a b`
/// extracts fine and `/` extracts to `root`, yet neither is a valid DID name (`validateName`).
enum CTAOBDMSScope {
    static func extract(_ did: String) throws(ScopeError) -> DID {
        let (givenScope, _, lfn) = pythonRPartition(did, ":")
        guard lfn.unicodeScalars.first == "/" else {
            throw .notMatchingCTAOSchema(did: did)
        }
        let scope = scope(ofLFN: lfn)
        if !givenScope.isEmpty && !scope.scalarsEqual(givenScope) {
            throw .givenScopeMismatch(given: givenScope, extracted: scope)
        }
        return DID(scope: scope, name: lfn)
    }

    /// `_extract_scope_from_lfn`.
    static func scope(ofLFN lfn: String) -> String {
        let components = pythonSplit(lfn, "/").filter { !$0.isEmpty }
        if components.count < 2 {
            return "root"
        }
        if components[1].scalarsEqual("user") {
            if components.count < 4 {
                return "root"
            }
            return "user." + components[3]
        }
        return components[1]
    }
}
