import StewardExpr

/// Whether an agent key of a tenant may be bound to an agent (`steward keys create --agent`),
/// judged by the configuration the server runs with: a key bound to an agent its tenant can never
/// see would be refused on every use, so the mistake is told when the key is made.
public enum AgentBindingCheck: Sendable, Hashable {
    /// The agent is declared for the key's tenant.
    case declared
    /// Declared nowhere, but auto-registration is on (its first signal registers it): bound, with
    /// this warning, since a misspelt name looks just the same.
    case undeclared(warning: String)
    /// Declared for another tenant only, or declared nowhere while auto-registration is off.
    case refused(String)
}

extension StewardConfiguration {
    /// Whether a key of `tenant` may be bound to `agent`; messages name the agent and, when one
    /// of the tenant's declared agents is close, suggest it.
    public func bindingCheck(agent: String, tenant: String) -> AgentBindingCheck {
        if agents.contains(where: { $0.name == agent && $0.tenant == tenant }) { return .declared }
        let hint = Suggestion.hint(for: agent, among: agents.filter { $0.tenant == tenant }.map(\.name))
        let elsewhere = agents.filter { $0.name == agent }.map { "'\($0.tenant)'" }
        if !elsewhere.isEmpty {
            return .refused(
                "agent '\(agent)' is declared for tenant \(elsewhere.joined(separator: ", ")), not '\(tenant)': a key of '\(tenant)' "
                    + "can never speak for it" + hint)
        }
        if remediation.signals.autoRegister {
            return .undeclared(
                warning: "agent '\(agent)' is not declared for tenant '\(tenant)'; binding anyway, as its first signal registers it "
                    + "(remediation.signals.autoRegister)" + hint)
        }
        return .refused(
            "agent '\(agent)' is not declared for tenant '\(tenant)' and auto-registration is off (remediation.signals.autoRegister), "
                + "so its signals and proposals are refused" + hint)
    }
}
