import StewardCore
import Yams

/// Reads one test: `name`, `proposal`, `given` and `expect`.
enum PolicyTestReader {
    ///
    /// - Parameter references: what the configuration under test declares, to check the names
    ///   the test uses; nil when the tests are read without one.
    static func test(_ node: ConfigNode, references: PolicyTestReferences?) -> PolicyTest? {
        var test: PolicyTest?
        node.mapping { m in
            let name = m.name("name", as: .text)
            let proposal = self.proposal(m.child("proposal"), references: references)
            let given = GateAssumptionsReader.read(m.child("given"), references: references)
            let expect = expectation(m.child("expect"), references: references)
            // Judged on what the test writes, so a fault elsewhere in `given` or `proposal` does not hide it.
            let (givenNode, proposalNode) = (m.child("given"), m.child("proposal"))
            if !proposalNode.isAbsent, !proposalNode.writes("account"), givenNode.writes("accountMode") || givenNode.writes("scheduledOptIn") {
                givenNode.report("accountMode and scheduledOptIn need the proposal's account")
            }
            guard let name, let proposal, let given, let expect else { return }
            let location: String
            if case .file(let at) = node.context.origin(of: node.path) { location = at.description } else { location = node.path }
            test = PolicyTest(name: name, location: location, proposal: proposal, given: given, expect: expect)
        }
        return test
    }

    private static func proposal(_ node: ConfigNode, references: PolicyTestReferences?) -> ActionProposal? {
        if node.isAbsent {
            node.report("missing required key 'proposal' (the action to decide: type, agent, and optionally account, params)")
            return nil
        }
        var proposal: ActionProposal?
        node.mapping { m in
            let type = m.require("type", as: .name)
            let agent = m.require("agent", as: .name)
            var account: String?
            m.read("account", into: &account, as: .name)
            var tenant = TenantSpec.default.id
            m.read("tenant", into: &tenant, as: .name)
            if let problem = references?.tenantProblem(tenant) { m.child("tenant").report(problem) }
            var params = JSONValue.object([:])
            m.read("params", into: &params, as: .json)
            if case .object = params {} else { m.child("params").report("expected a mapping of parameters") }
            var trigger = ProposalTrigger.agent
            m.read("trigger", into: &trigger, as: .choice)
            var impactPoints: Double?
            m.read("impactPoints", into: &impactPoints, as: .number(in: 0...1_000_000))
            var affected = 1
            m.read("affectedAccounts", into: &affected, as: .integer(in: 1...1_000_000))
            guard let type, let agent else { return }
            proposal = ActionProposal(
                id: "act_policy_test", tenant: tenant, agent: agent, account: account, type: type, params: params, trigger: trigger,
                impactPoints: impactPoints, affectedAccounts: affected)
        }
        return proposal
    }

    private static func expectation(_ node: ConfigNode, references: PolicyTestReferences?) -> PolicyExpectation? {
        var expect = PolicyExpectation()
        let errors = node.context.errors.count
        node.mapping { m in
            m.read("outcome", into: &expect.outcome, as: .choice)
            m.read("reason", into: &expect.reason, as: .reasonCode)
            m.read("rule", into: &expect.rule, as: .name)
            m.read("clause", into: &expect.clause, as: .text)
            m.read("findings", into: &expect.findings, as: .list(of: .name, noun: "rule names"))
            guard let references else { return }
            if let rule = expect.rule, let problem = references.ruleProblem(rule) { m.child("rule").report(problem) }
            for (offset, rule) in (expect.findings ?? []).enumerated() {
                guard let problem = references.ruleProblem(rule) else { continue }
                let path = node.context.element(offset, ofList: m.child("findings").path)
                node.context.report(problem, at: path, origin: node.context.origin(of: path))
            }
        }
        guard node.context.errors.count == errors else { return nil }
        if expect.isEmpty {
            node.report("'expect' needs at least one of outcome, reason, rule, clause or findings")
            return nil
        }
        return expect
    }
}
