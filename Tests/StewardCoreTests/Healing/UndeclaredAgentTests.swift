import StewardCore
import Testing

@Suite("Undeclared agents")
struct UndeclaredAgentTests {
    @Test("An agent declared for another tenant is named as such, not as undeclared")
    func anotherTenantsAgent() {
        var c = StewardConfiguration.default
        c.agents = [AgentSpec(name: "triage-bot", tenant: "support", domain: .operations)]
        #expect(c.undeclaredAgentReason("triage-bot", tenant: "platform")
            == "agent 'triage-bot' is declared in steward.yaml for tenant 'support', not 'platform', and auto-registration is off (remediation.signals.autoRegister)")
        #expect(c.undeclaredAgentReason("ghost", tenant: "platform")
            == "agent 'ghost' is not declared in steward.yaml and auto-registration is off (remediation.signals.autoRegister)")
    }
}
