import StewardCore
import Testing

/// `steward keys create --agent` checks the binding against the configuration: an agent of
/// another tenant is refused; one declared nowhere is bound with a warning while auto-registration
/// is on and refused while it is off; a near miss of a declared agent is suggested.
@Suite("Agent binding check")
struct AgentBindingCheckTests {
    enum Verdict: Sendable { case declared, warned, refused }

    struct Case: Sendable, CustomTestStringConvertible {
        let agent: String, tenant: String, autoRegister: Bool, verdict: Verdict, mentions: [String]
        var testDescription: String { "\(agent) for \(tenant), autoRegister \(autoRegister)" }
    }

    static let cases: [Case] = [
        .init(agent: "ops-bot", tenant: "acme", autoRegister: true, verdict: .declared, mentions: []),
        .init(agent: "ops-bot", tenant: "acme", autoRegister: false, verdict: .declared, mentions: []),
        .init(agent: "billing-bot", tenant: "acme", autoRegister: true, verdict: .refused, mentions: ["tenant 'beta', not 'acme'"]),
        .init(agent: "billing-bot", tenant: "beta", autoRegister: false, verdict: .declared, mentions: []),
        .init(agent: "ops-bt", tenant: "acme", autoRegister: true, verdict: .warned, mentions: ["not declared for tenant 'acme'", "did you mean 'ops-bot'?"]),
        .init(agent: "ops-bt", tenant: "acme", autoRegister: false, verdict: .refused, mentions: ["auto-registration is off", "did you mean 'ops-bot'?"]),
        .init(agent: "newcomer", tenant: "acme", autoRegister: true, verdict: .warned, mentions: ["remediation.signals.autoRegister"]),
    ]

    @Test(arguments: cases) func check(_ c: Case) {
        var configuration = StewardConfiguration.default
        configuration.tenants = [TenantSpec(id: "acme", name: "Acme"), TenantSpec(id: "beta", name: "Beta")]
        configuration.agents = [
            AgentSpec(name: "ops-bot", tenant: "acme", domain: .operations),
            AgentSpec(name: "billing-bot", tenant: "beta", domain: .revenue),
        ]
        configuration.remediation.signals.autoRegister = c.autoRegister
        let message: String
        switch configuration.bindingCheck(agent: c.agent, tenant: c.tenant) {
        case .declared:
            #expect(c.verdict == .declared)
            return
        case .undeclared(let warning):
            #expect(c.verdict == .warned)
            message = warning
        case .refused(let reason):
            #expect(c.verdict == .refused)
            message = reason
        }
        #expect(message.contains("agent '\(c.agent)'"))
        for part in c.mentions { #expect(message.contains(part), "\(message)") }
    }
}
