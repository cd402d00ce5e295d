import StewardCore

/// `agents:` the fleet: who each agent is, whose tenant, which domain, which sources it reads.
enum AgentsSection: ConfigurationSection {
    static let key = "agents"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        if let agents = node.list(readAgent) { configuration.agents = agents }
    }

    private static func readAgent(_ node: ConfigNode) -> AgentSpec? {
        var agent: AgentSpec?
        node.mapping { m in
            let name = m.name(as: .agentName)
            var tenant = TenantSpec.default.id
            m.read("tenant", into: &tenant, as: .name)
            let domain = m.require("domain", as: .domain)
            var dependencies: [String] = []
            m.read("dependencies", into: &dependencies, as: .list(of: .name, noun: "source names"))
            var slots = 1
            m.read("slots", into: &slots, as: .integer(atLeast: 1))
            var impact = 1.0
            m.read("impactPointsPerHour", into: &impact, as: .number(atLeast: 0))
            let executorNode = m.child("executor")
            let executor = executorNode.isAbsent ? nil : ActionTypesSection.readExecutor(executorNode)
            // An agent with a bad domain is kept (the load fails on that error anyway) so that its
            // name and references are still checked; one without a valid name cannot be.
            if let name {
                agent = AgentSpec(
                    name: name, tenant: tenant, domain: domain ?? .executive, dependencies: dependencies, slots: slots,
                    executor: executor, impactPointsPerHour: impact
                )
            }
        }
        return agent
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        UniqueNames.check(writtenIn: key, kind: "agent name", in: context)
        let tenants = configuration.tenants.map(\.id)
        let sources = configuration.sources.map(\.name)
        let limits = configuration.remediation.concurrency
        for (offset, agent) in configuration.agents.enumerated() {
            let path = context.element(offset, ofList: key)
            UniqueNames.resolve(agent.tenant, among: tenants, kind: "tenant", at: "\(path).tenant", in: context)
            for (index, dependency) in agent.dependencies.enumerated() {
                UniqueNames.resolve(
                    dependency, among: sources, kind: "source", at: context.element(index, ofList: "\(path).dependencies"), in: context
                )
            }
            switch agent.executor {
            case .agent?, .builtin?:
                let at = "\(path).executor.kind"
                context.report("an agent's own executor must be http, command or record", at: at, origin: context.origin(of: at))
            default:
                break
            }
            if limits.min <= limits.max, !(limits.min...limits.max).contains(agent.slots) {
                context.report(
                    "must be within remediation.concurrency (\(limits.min)...\(limits.max)), got \(agent.slots)",
                    at: "\(path).slots", origin: context.origin(of: "\(path).slots")
                )
            }
        }
    }
}
