import ScopeAlgorithms

#if canImport(Glibc)
import Glibc
#endif

extension RucioSettings {
    /// What is wrong with the Rucio section; nothing is checked when no Rucio is configured.
    func problems(checkFileSystem: Bool) -> [ConfigurationProblem] {
        guard let url else { return [] }
        var problems: [ConfigurationProblem] = []
        func check(_ condition: Bool, _ key: String, _ message: @autoclosure () -> String) {
            if !condition { problems.append(ConfigurationProblem(key: key, message())) }
        }
        check(url.hasPrefix("https://") || url.hasPrefix("http://"), "rucio.url", "must be an http(s) URL, got '\(url)'")
        if let authURL {
            check(authURL.hasPrefix("https://") || authURL.hasPrefix("http://"), "rucio.authURL", "must be an http(s) URL")
        }
        check((1...110).contains(timeoutSeconds), "rucio.timeoutSeconds",
            "must be between 1 and 110 (DIRAC clients give up after 120 s), got \(timeoutSeconds)")
        check(ScopeAlgorithm(rawValue: scopeAlgorithm) != nil, "rucio.scopeAlgorithm",
            "must be one of \(ScopeAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")), got '\(scopeAlgorithm)'")
        switch auth.type {
        case .userpass:
            check(auth.username?.isEmpty == false, "rucio.auth.username", "required for userpass")
            check(auth.password != nil || auth.passwordFile != nil, "rucio.auth.password",
                "userpass needs password or passwordFile")
            if checkFileSystem, let file = auth.passwordFile {
                check(access(file, R_OK) == 0, "rucio.auth.passwordFile", "cannot read \(file)")
            }
        case .x509:
            check(auth.certificate != nil, "rucio.auth.certificate", "required for x509")
            if checkFileSystem, let file = auth.certificate {
                check(access(file, R_OK) == 0, "rucio.auth.certificate", "cannot read \(file)")
            }
        case .token:
            check(auth.tokenFile != nil, "rucio.auth.tokenFile", "required for token")
        }
        problems += metadata.problems()
        check(accounts.default != nil || !accounts.groups.isEmpty || !accounts.users.isEmpty, "rucio.accounts",
            "map DIRAC groups (accounts.groups) or DNs (accounts.users) to Rucio accounts, or give a default account")
        for (group, account) in accounts.groups {
            check(!account.isEmpty, "rucio.accounts.groups.\(group)", "account name must not be empty")
        }
        for (dn, account) in accounts.users {
            check(!account.isEmpty, "rucio.accounts.users.\(dn)", "account name must not be empty")
        }
        return problems
    }
}
