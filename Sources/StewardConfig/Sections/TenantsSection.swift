import StewardCore

/// `tenants:` the tenants, each `{id, name}`; absent means the one `default` tenant.
enum TenantsSection: ConfigurationSection {
    static let key = "tenants"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        guard let tenants = node.list(readTenant) else { return }
        if node.isEmptyList {
            node.report("declare at least one tenant (agents belong to one)")
        }
        configuration.tenants = tenants
    }

    private static func readTenant(_ node: ConfigNode) -> TenantSpec? {
        var tenant: TenantSpec?
        node.mapping { m in
            let id = m.name("id")
            var name: String?
            m.read("name", into: &name, as: .text)
            var tier = TenantTier.standard
            m.read("tier", into: &tier, as: .choice)
            if let id { tenant = TenantSpec(id: id, name: name ?? id, tier: tier) }
        }
        return tenant
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        UniqueNames.check(writtenIn: key, key: "id", kind: "tenant id", in: context)
    }
}
