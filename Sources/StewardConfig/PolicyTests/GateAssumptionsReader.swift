import StewardCore
import Yams

/// Reads a test's `given`: the state the gate would otherwise read from the store.
enum GateAssumptionsReader {
    static func read(_ node: ConfigNode, references: PolicyTestReferences?) -> GateAssumptions? {
        var given = GateAssumptions()
        let errors = node.context.errors.count
        node.mapping { m in
            m.read("now", into: &given.now, as: .moment)
            m.read("tenantMode", into: &given.tenantMode, as: .choice)
            m.read("accountMode", into: &given.accountMode, as: .choice)
            m.read("scheduledOptIn", into: &given.scheduledOptIn, as: .boolean)
            m.read("autopilotScope", into: &given.autopilotScope, as: .list(of: .name, noun: "action types"))
            for (offset, name) in (given.autopilotScope ?? []).enumerated() {
                guard let problem = references?.scopeProblem(name) else { continue }
                let path = node.context.element(offset, ofList: m.child("autopilotScope").path)
                node.context.report(problem, at: path, origin: node.context.origin(of: path))
            }
            m.read("level", into: &given.level, as: .choice)
            m.read("killSwitch", into: &given.killSwitch, as: .boolean)
            m.read("spentUsd", into: &given.spentUsd, as: .number(atLeast: 0))
            m.read("autonomousToday", into: &given.autonomousToday, as: .integer(atLeast: 0))
            m.read("openActions", into: &given.openActions, as: .integer(atLeast: 0))
            m.read("minutesSinceLastDecision", into: &given.minutesSinceLastDecision, as: .number(atLeast: 0))
            m.read("escalationsToday", into: &given.escalationsToday, as: .integer(atLeast: 0))
            m.read("successProbability", into: &given.successProbability, as: .number(in: 0...1))
            given.openBreakers = m.child("openBreakers").list(breaker) ?? []
        }
        return node.context.errors.count == errors ? given : nil
    }

    private static func breaker(_ node: ConfigNode) -> OpenBreaker? {
        var breaker: OpenBreaker?
        node.mapping { m in
            // As the gate cites it: a breaker's display name may hold spaces (`breakers.Fleet Error Rate`).
            let name = m.require("name", as: .text)
            var types: [String] = [], agents: [String] = []
            m.read("actionTypes", into: &types, as: .list(of: .name, noun: "action types"))
            m.read("agents", into: &agents, as: .list(of: .name, noun: "agents"))
            var blocks = false
            m.read("blocks", into: &blocks, as: .boolean)
            var reason = "assumed open by the test"
            m.read("reason", into: &reason, as: .text)
            guard let name else { return }
            breaker = OpenBreaker(name: name, actionTypes: Set(types), agents: Set(agents), blocks: blocks, reason: reason)
        }
        return breaker
    }
}
