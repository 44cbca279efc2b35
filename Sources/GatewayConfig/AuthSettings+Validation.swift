#if canImport(Glibc)
import Glibc
#endif

extension AuthSettings {
    /// Problems of the `auth` section on its own.
    public func problems(checkFileSystem: Bool) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        func check(_ condition: Bool, _ key: String, _ message: @autoclosure () -> String) {
            if !condition { problems.append(ConfigurationProblem(key: key, message())) }
        }
        check(requireKnownUsers != false, "auth.requireKnownUsers",
            "false is no longer supported: DNs that the Registry does not know are always refused; "
                + "set auth.unknownDNs: readOnly to let them read the catalog")
        var seenDNs: Set<String> = []
        /// A named Registry entry with its DNs (users and hosts alike).
        func checkEntry(_ key: String, name: String, dns: [String]) {
            check(!name.isEmpty, "\(key).name", "must not be empty")
            check(!dns.isEmpty, "\(key).dn", "at least one DN is needed")
            for dn in dns {
                check(dn.hasPrefix("/"), "\(key).dn", "must be a DN in DIRAC's /C=…/O=…/CN=… form, got '\(dn)'")
                check(seenDNs.insert(dn).inserted, "\(key).dn", "DN listed twice: \(dn)")
            }
        }
        for (index, user) in users.enumerated() {
            checkEntry("auth.users[\(index)]", name: user.name, dns: user.dns)
            check(user.groups.allSatisfy { !$0.isEmpty }, "auth.users[\(index)].groups", "group names must not be empty")
        }
        let userNames = Set(users.map(\.name))
        for (index, group) in groups.enumerated() {
            check(!group.name.isEmpty, "auth.groups[\(index)].name", "must not be empty")
            check(group.name != "hosts" && group.name != "visitor", "auth.groups[\(index)].name",
                "'\(group.name)' is reserved by DIRAC")
            if registrySource.type == .none {
                for member in group.users where !userNames.contains(member) {
                    problems.append(ConfigurationProblem(
                        key: "auth.groups[\(index)].users", "'\(member)' is not a user listed under auth.users"))
                }
            }
        }
        for (index, host) in hosts.enumerated() {
            checkEntry("auth.hosts[\(index)]", name: host.name, dns: host.dns)
        }
        check(writeGroups.allSatisfy { !$0.isEmpty }, "auth.writeGroups", "group names must not be empty")
        check(!writeGroups.contains("visitor"), "auth.writeGroups", "'visitor' (DIRAC's unregistered caller) may never write")

        let source = registrySource
        check(source.refreshSeconds > 0, "auth.registrySource.refreshSeconds", "must be positive")
        check((1...110).contains(source.timeoutSeconds), "auth.registrySource.timeoutSeconds", "must be between 1 and 110")
        switch source.type {
        case .none: break
        case .configurationServer:
            check(!source.urls.isEmpty, "auth.registrySource.urls", "the Configuration Service URLs are needed")
            for (index, url) in source.urls.enumerated() {
                check(url.hasPrefix("https://"), "auth.registrySource.urls[\(index)]",
                    "must be an https:// URL of Configuration/Server, got '\(url)' (dips:// is not spoken)")
            }
        case .cfgFile:
            if let path = source.path {
                if checkFileSystem, access(path, R_OK) != 0 {
                    problems.append(ConfigurationProblem(
                        key: "auth.registrySource.path", "cannot read \(path): \(String(cString: strerror(errno)))"))
                }
            } else {
                problems.append(ConfigurationProblem(key: "auth.registrySource.path", "the CFG file is needed"))
            }
        }
        return problems
    }
}
