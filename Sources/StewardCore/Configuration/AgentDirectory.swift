/// The declared agents, found by tenant and name in constant time: a signal, a proposal or a
/// remediation step looks its agent up, and a fleet of thousands must not be scanned each time.
public struct AgentDirectory: Sendable {
    private struct Key: Hashable {
        let tenant: String
        let name: String
    }

    private let byKey: [Key: AgentSpec]
    private let names: Set<String>

    /// The directory of `agents` (the first of a repeated name wins, as a scan would find it).
    public init(_ agents: [AgentSpec]) {
        byKey = Dictionary(agents.map { (Key(tenant: $0.tenant, name: $0.name), $0) }) { first, _ in first }
        names = Set(agents.map(\.name))
    }

    /// The agent named `name` declared for `tenant`, if any.
    public func agent(named name: String, tenant: String) -> AgentSpec? {
        byKey[Key(tenant: tenant, name: name)]
    }

    /// Why a signal or proposal of `agent` in `tenant` is refused when steward.yaml declares the
    /// agent only for other tenants: its executor and playbooks are theirs, so no key of `tenant`
    /// may register it (nil when it is declared for `tenant` or for none).
    public func foreignAgentReason(_ agent: String, tenant: String) -> String? {
        guard names.contains(agent), self.agent(named: agent, tenant: tenant) == nil else { return nil }
        return "agent '\(agent)' is declared in steward.yaml for another tenant, not '\(tenant)': a key of '\(tenant)' cannot speak for it"
    }
}
