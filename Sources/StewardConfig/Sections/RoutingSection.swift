import StewardCore

/// `telemetry.routing:` the strategies of each skill, their reward, the autonomy guardrails and
/// the review's pace (seed 004 §2b.2, §2c). Read by ``TelemetrySection``.
enum RoutingSection {
    static let skillsPath = "telemetry.routing.skills"

    static func read(_ node: ConfigNode, into r: inout RoutingSettings) {
        node.mapping { m in
            if let skills = m.child("skills").list(readSkill) { r.skills = skills }
            m.read("minimumSample", into: &r.minimumSample, as: .integer(atLeast: 1))
            m.read("windowDays", into: &r.windowDays, as: .integer(in: 1...365))
            m.read("maxProposalsPerWeek", into: &r.maxProposalsPerWeek, as: .integer(atLeast: 0))
            m.read("reviewIntervalHours", into: &r.reviewIntervalHours, as: .integer(in: 1...8760))
            m.read("monitorHours", into: &r.monitorHours, as: .integer(in: 0...8760))
            m.child("reward").mapping { w in
                w.read("reliability", into: &r.reward.reliability, as: .number(atLeast: 0))
                w.read("cost", into: &r.reward.cost, as: .number(atLeast: 0))
                w.read("speed", into: &r.reward.speed, as: .number(atLeast: 0))
                w.read("costScaleUSD", into: &r.reward.costScaleUSD, as: .number(atLeast: 0))
                w.read("latencyScaleMs", into: &r.reward.latencyScaleMs, as: .number(atLeast: 0))
            }
            m.child("guardrails").mapping { g in
                g.read("maxSuccessRateReduction", into: &r.guardrails.maxSuccessRateReduction, as: .number(in: 0...1))
                g.read("minReliability", into: &r.guardrails.minReliability, as: .number(in: 0...1))
                g.read("maxCostIncrease", into: &r.guardrails.maxCostIncrease, as: .number(atLeast: 1))
                g.read("maxLatencyIncrease", into: &r.guardrails.maxLatencyIncrease, as: .number(atLeast: 1))
                g.read("cooldownHours", into: &r.guardrails.cooldownHours, as: .integer(in: 0...8760))
                g.read("maxConsecutiveFailuresBeforeRevert", into: &r.guardrails.maxConsecutiveFailuresBeforeRevert, as: .integer(in: 1...1000))
                g.read("approvalRequiredForNewSkills", into: &r.guardrails.approvalRequiredForNewSkills, as: .boolean)
            }
        }
    }

    private static func readSkill(_ node: ConfigNode) -> SkillStrategies? {
        var skill: SkillStrategies?
        node.mapping { m in
            let name = m.require("skill", as: .name)
            let strategies = m.child("strategies")
            if strategies.isAbsent { strategies.report("missing required key 'strategies' (a list of strategies, the default first)") }
            let list = strategies.list(readStrategy)
            guard let name, let list else { return }
            if list.isEmpty && !strategies.isAbsent { strategies.report("must list at least one strategy") }
            skill = SkillStrategies(skill: name, strategies: list)
        }
        return skill
    }

    private static func readStrategy(_ node: ConfigNode) -> RoutingStrategy? {
        var strategy: RoutingStrategy?
        node.mapping { m in
            let name = m.require("name", as: .name)
            var s = RoutingStrategy(name: name ?? "", expected: StrategyMetrics(successRate: 0, costUSD: 0, latencyMs: 0))
            m.read("description", into: &s.description, as: .text)
            m.read("reasoning", into: &s.reasoning, as: .text)
            let expected = m.child("expected")
            if expected.isAbsent { expected.report("missing required key 'expected' (successRate, costUSD and latencyMs the strategy is expected to reach)") }
            var metrics: (Double?, Double?, Double?) = (nil, nil, nil)
            expected.mapping { e in
                metrics.0 = e.require("successRate", as: .number(in: 0...1))
                metrics.1 = e.require("costUSD", as: .number(atLeast: 0))
                metrics.2 = e.require("latencyMs", as: .number(atLeast: 0))
            }
            guard name != nil, let rate = metrics.0, let cost = metrics.1, let latency = metrics.2 else { return }
            s.expected = StrategyMetrics(successRate: rate, costUSD: cost, latencyMs: latency)
            strategy = s
        }
        return strategy
    }

    static func check(_ r: RoutingSettings, in context: ReadContext) {
        UniqueNames.check(r.skills.map(\.skill), kind: "routed skill", at: { "\(skillsPath)[\($0)].skill" }, in: context)
        for (offset, skill) in r.skills.enumerated() {
            let path = context.element(offset, ofList: skillsPath)
            UniqueNames.check(skill.strategies.map(\.name), kind: "strategy of \(skill.skill)", at: { "\(path).strategies[\($0)].name" }, in: context)
        }
        if r.reward.reliability + r.reward.cost + r.reward.speed <= 0 {
            let key = "telemetry.routing.reward.reliability"
            context.report("the reward weights (reliability, cost, speed) must not all be 0", at: key, origin: context.origin(of: key))
        }
    }
}
