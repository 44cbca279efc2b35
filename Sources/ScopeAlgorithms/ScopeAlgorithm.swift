/// The scope extraction algorithms the gateway can run to turn a DIRAC LFN (or a `scope:lfn`
/// string) into a Rucio DID, without asking Rucio.
///
/// Raw values are the names Rucio's configuration uses (`[common] extract_scope = …`, or DIRAC's
/// catalog option `DiracScopeAlg = …`), so an operator's setting can be taken as is:
/// `ScopeAlgorithm(rawValue: "ctao_bdms")`.
///
/// Each algorithm is a port of the Python original, **code point for code point** including its
/// error texts (see `ScopeError`), and is checked against fixtures recorded from the real Python
/// packages (`scripts/scope-differential/`).
public enum ScopeAlgorithm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// CTAO's policy (`ctao-bdms-rucio-policy`, `bdms_rucio_policy.scope.scope`), the one CTAO's
    /// Rucio servers run: `/<vo>/<scope>/<path>`, `root` for `/` and `/<vo>`,
    /// `user.<username>` for `/<vo>/user/<u>/<username>/…`, an optional `scope:` prefix that must
    /// agree with the path. See `CTAOBDMSScope`.
    case ctaoBDMS = "ctao_bdms"

    /// Rucio's built-in `dirac` (`extract_scope_dirac`): the element after the VO, name = input.
    case dirac = "dirac"

    /// Rucio's built-in `def` (`extract_scope_default`, ATLAS style: `scope.name` or `scope:name`).
    /// Note that when a policy package is loaded, Rucio's `def` means the package's default
    /// algorithm (for CTAO: `ctao_bdms`), not this one; see `selectedByRucio`.
    case rucioDefault = "def"

    public var description: String { rawValue }

    /// The DID for `did` (an LFN, or `scope:lfn` where the algorithm supports it).
    ///
    /// - Parameter scopes: the list of existing scopes Rucio passes to its algorithms. None of these
    ///   three looks at it (only Belle II's does); it is accepted so callers can mirror Rucio's call.
    public func extract(_ did: String, scopes: [String]? = nil) throws(ScopeError) -> DID {
        switch self {
        case .ctaoBDMS: try CTAOBDMSScope.extract(did)
        case .dirac: try DiracScope.extract(did)
        case .rucioDefault: try RucioDefaultScope.extract(did)
        }
    }

    /// Which algorithm `rucio.common.utils.extract_scope(did, scopes, default_extract)` would run,
    /// mirroring rucio 41.5.1:
    ///
    /// 1. The configured convention is `[common] extract_scope`, or else `[policy] extract_scope`
    ///    (an empty value counts as unset).
    /// 2. If it is unset or not a *registered* algorithm, `default_extract` is used instead. The
    ///    registered ones are the built-ins `def` and `dirac`, plus `ctao_bdms` when CTAO's policy
    ///    package is loaded. So a configured convention **overrides** what the caller (e.g. DIRAC's
    ///    `DiracScopeAlg`) asked for.
    /// 3. `def` means the policy package's default algorithm (`<package>.scope.scope`) when one is
    ///    loaded: with CTAO's package that is `ctao_bdms`.
    ///
    /// - Parameters:
    ///   - configured: the value of `[common] extract_scope` (or `[policy] extract_scope`), if any.
    ///   - defaultExtract: the caller's fallback; Rucio's own default is `def`, DIRAC passes its
    ///     `DiracScopeAlg` option.
    ///   - ctaoPolicyPackageLoaded: whether Rucio runs with `[policy] package = bdms_rucio_policy`
    ///     (or `RUCIO_POLICY_PACKAGE=bdms_rucio_policy`).
    /// - Returns: the algorithm, or `nil` where Rucio would fail with `KeyError` (the fallback names
    ///   an algorithm that is not registered, e.g. `belleii` without Belle II's package).
    public static func selectedByRucio(
        configured: String?,
        defaultExtract: String = "def",
        ctaoPolicyPackageLoaded: Bool
    ) -> ScopeAlgorithm? {
        func registered(_ name: String) -> ScopeAlgorithm? {
            guard let algorithm = ScopeAlgorithm(rawValue: name) else { return nil }
            if algorithm == .ctaoBDMS && !ctaoPolicyPackageLoaded { return nil }
            return algorithm
        }
        var convention = defaultExtract
        if let configured, !configured.isEmpty, registered(configured) != nil {
            convention = configured
        }
        if convention == "def" && ctaoPolicyPackageLoaded {
            return .ctaoBDMS
        }
        return registered(convention)
    }
}
