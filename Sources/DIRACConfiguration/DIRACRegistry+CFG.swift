import DIRACAuth

extension DIRACRegistry {
    /// The Registry held in a CFG document's `/Registry` section, read with the options DIRAC's `Registry` helpers
    /// read: `Users/<name>/DN`, `DefaultGroup`, `Suspended`; `Groups/<name>/Users`, `Properties`, `VOName`;
    /// `Hosts/<name>/DN`, `Properties`; and `/Registry/DefaultGroup` (DIRAC's default: `user`).
    /// A document without a `Registry` section is an error: an empty Registry would lock everybody out.
    public init(cfg root: CFGSection) throws(CFGSyntaxError) {
        guard let registry = root.section("Registry") else {
            throw CFGSyntaxError(line: 0, reason: "no Registry section")
        }
        let users = (registry.section("Users")?.sections ?? []).map { name, section in
            User(
                name: name, dns: section.list("DN"), defaultGroups: section.list("DefaultGroup"),
                suspendedVOs: section.list("Suspended"))
        }
        let groups = (registry.section("Groups")?.sections ?? []).map { name, section in
            Group(
                name: name, users: section.list("Users"), properties: section.list("Properties"),
                vo: section.value("VOName").flatMap { $0.isEmpty ? nil : $0 })
        }
        let hosts = (registry.section("Hosts")?.sections ?? []).map { name, section in
            Host(name: name, dns: section.list("DN"), properties: section.list("Properties"))
        }
        let defaults = registry.list("DefaultGroup")
        self.init(
            users: users, groups: groups, hosts: hosts,
            defaultGroups: defaults.isEmpty ? DIRACRegistry.diracDefaultGroups : defaults)
    }

    public init(cfgText: String) throws(CFGSyntaxError) {
        try self.init(cfg: CFGSection(parsing: cfgText))
    }
}
