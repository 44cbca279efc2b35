/// Which scopes the DIDs below a path can be in, so that a metadata query under a path visits those scopes
/// only (Rucio searches one scope per request) instead of every scope Rucio has.
public enum ScopeRange: Sendable, Hashable, CustomStringConvertible {
    /// Every DID at or below the path is in this scope.
    case one(String)
    /// These scopes, and every scope starting with one of the prefixes.
    case some(scopes: [String], prefixes: [String])
    /// Any scope.
    case all

    public func contains(_ scope: String) -> Bool {
        switch self {
        case .one(let only): scope == only
        case .some(let scopes, let prefixes): scopes.contains(scope) || prefixes.contains { scope.hasPrefix($0) }
        case .all: true
        }
    }

    public var description: String {
        switch self {
        case .one(let scope): "scope \(scope)"
        case .some(let scopes, let prefixes): "scopes " + (scopes + prefixes.map { $0 + "*" }).joined(separator: ", ")
        case .all: "every scope"
        }
    }
}

extension ScopeAlgorithm {
    /// The scopes of the path and of everything below it (a normalised absolute path).
    ///
    /// `ctao_bdms`: below `/<vo>/<scope>` everything is in `<scope>`; below `/<vo>/user/<u>/<name>` in
    /// `user.<name>`; `/<vo>/user` and `/<vo>/user/<u>` themselves are `root`, what is below them `user.*`;
    /// `/` and `/<vo>` span every scope. `dirac` is the same without the `user` rule. Rucio's `def` reads the
    /// scope from the name's own prefix, so a path tells nothing.
    public func scopes(below path: String) -> ScopeRange {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        switch self {
        case .ctaoBDMS:
            guard components.count >= 2 else { return .all }
            if components[1] == "user" {
                if components.count >= 4 { return .one("user." + components[3]) }
                return .some(scopes: ["root"], prefixes: ["user."])
            }
            return .one(String(components[1]))
        case .dirac:
            guard components.count >= 2 else { return .all }
            return .one(String(components[1]))
        case .rucioDefault:
            return .all
        }
    }
}
