import StewardCore

/// `remediation:` the settings of requirements 000 and 001, each bound to the environment
/// variable those documents name, which overrides the file.
enum RemediationSection: ConfigurationSection {
    static let key = "remediation"

    static var variableFamilies: [VariableFamily] {
        [VariableFamily(prefix: "AUTOREM_", unknown: "is not a Steward setting")]
    }

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        let count = SettingType<Int>.integer(atLeast: 1)
        let slots = SettingType<Int>.integer(atLeast: 1, atMost: 10_000, "ten thousand slots")
        let amount = SettingType<Double>.number(atLeast: 0)
        let probability = SettingType<Double>.number(in: 0...1)
        let domains = SettingType<[Domain]>.list(of: .domain, noun: "domains", allowsEmpty: false)
        var r = configuration.remediation
        node.mapping { m in
            m.read("autoRemediate", into: &r.autoRemediate, as: .boolean, environment: "AUTO_REMEDIATE")
            // Bounded, so a huge value is refused rather than meaning "never escalate" (QA r8 orchestration L4).
            m.read("maxAttempts", into: &r.maxAttempts, as: .integer(atLeast: 1, atMost: 100, "a hundred attempts"), environment: "AUTOREM_MAX_ATTEMPTS")
            m.child("slo").mapping { slo in
                slo.read("success", into: &r.slo.success, as: probability, environment: "AUTOREM_SLO_SUCCESS")
                slo.read("alignment", into: &r.slo.alignment, as: probability, environment: "AUTOREM_SLO_ALIGN")
                slo.read(
                    "backlogMinutes", into: &r.slo.backlogMinutes, as: .minutes(atLeast: 1), environment: "AUTOREM_SLO_BACKLOG_MIN"
                )
            }
            m.read("priority", into: &r.priority, as: domains, environment: "AUTOREM_PRIORITY")
            m.read(
                "budgetCapDailyUsd", into: &r.budgetCapDailyUsd, as: amount, environment: "AUTOREM_BUDGET_CAP_DAILY_USD"
            )
            m.child("costs").mapping { costs in
                costs.read("restart", into: &r.costs.restart, as: amount, environment: "AUTOREM_COST_PER_RESTART")
                costs.read("retry", into: &r.costs.retry, as: amount, environment: "AUTOREM_COST_PER_RETRY")
                costs.read("rebalance", into: &r.costs.rebalance, as: amount, environment: "AUTOREM_COST_PER_REBALANCE")
                costs.read("fetch", into: &r.costs.fetch, as: amount, environment: "AUTOREM_COST_PER_FETCH")
            }
            m.child("values").mapping { v in
                v.read(
                    "revenuePoint", into: &r.values.revenuePoint, as: amount, environment: "AUTOREM_VALUE_REVENUE_POINT"
                )
                v.read(
                    "marketingPoint", into: &r.values.marketingPoint, as: amount,
                    environment: "AUTOREM_VALUE_MARKETING_POINT"
                )
                v.read(
                    "contentPoint", into: &r.values.contentPoint, as: amount, environment: "AUTOREM_VALUE_CONTENT_POINT"
                )
            }
            m.child("concurrency").mapping { c in
                c.read("min", into: &r.concurrency.min, as: slots, environment: "AUTOREM_MIN_CONCURRENCY")
                c.read("max", into: &r.concurrency.max, as: slots, environment: "AUTOREM_MAX_CONCURRENCY")
            }
            m.read("queueSlaMinutes", into: &r.queueSlaMinutes, as: .minutes(atLeast: 1), environment: "AUTOREM_QUEUE_SLA_MIN")
            m.read("roiFloor", into: &r.roiFloor, as: amount, environment: "AUTOREM_ROI_FLOOR")
            m.child("bandit").mapping { bandit in
                bandit.read("enabled", into: &r.bandit.enabled, as: .boolean, environment: "AUTOREM_BANDIT_ENABLED")
                bandit.read("strategy", into: &r.bandit.strategy, as: .choice, environment: "AUTOREM_BANDIT_STRATEGY")
                bandit.read(
                    "exploration", into: &r.bandit.exploration, as: probability,
                    environment: "AUTOREM_BANDIT_EXPLORATION"
                )
            }
            m.read(
                "riskHitlThreshold", into: &r.riskHitlThreshold, as: probability,
                environment: "AUTOREM_RISK_HITL_THRESHOLD"
            )
            m.read(
                "maxEscalationsPerDay", into: &r.maxEscalationsPerDay, as: count,
                environment: "AUTOREM_MAX_ESCALATIONS_PER_DAY"
            )
            m.read("escalateTo", into: &r.escalateTo, as: .text)
            m.read("mode", into: &r.mode, as: .choice, environment: "AUTOREM_MODE")
            m.read("autopilotScope", into: &r.autopilotScope, as: .list(of: .name, noun: "action type names"))
            m.read("verifyTimeoutSeconds", into: &r.verifyTimeoutSeconds, as: .integer(in: 1...86_400), environment: "AUTOREM_VERIFY_TIMEOUT_SEC")
            m.read("verifyGraceSeconds", into: &r.verifyGraceSeconds, as: .integer(in: 0...86_400), environment: "AUTOREM_VERIFY_GRACE_SEC")
            m.read("relapseWindowMinutes", into: &r.relapseWindowMinutes, as: .integer(in: 0...1_440), environment: "AUTOREM_RELAPSE_WINDOW_MIN")
            m.read("relapseLimit", into: &r.relapseLimit, as: .integer(in: 1...100), environment: "AUTOREM_RELAPSE_LIMIT")
            m.child("signals").mapping { signals in
                signals.read("maxFutureSkewSeconds", into: &r.signals.maxFutureSkewSeconds, as: .integer(in: 0...86_400))
                signals.read("maxAgeSeconds", into: &r.signals.maxAgeSeconds, as: .integer(in: 1...86_400))
                signals.read("autoRegister", into: &r.signals.autoRegister, as: .boolean, environment: "AUTOREM_AUTO_REGISTER")
                signals.read("ratePerAgentPerSecond", into: &r.signals.ratePerAgentPerSecond, as: .number(in: 0.001...1_000_000))
                signals.read("claimWindowMinutes", into: &r.signals.claimWindowMinutes, as: .minutes(atLeast: 1))
            }
        }
        configuration.remediation = r
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        // A misspelt step type would hold every step of it for a person, with nothing saying why.
        let types = configuration.actionTypes.map(\.name)
        for (index, name) in configuration.remediation.autopilotScope.enumerated() {
            UniqueNames.resolve(name, among: types, kind: "action type", at: context.element(index, ofList: "\(key).autopilotScope"), in: context)
        }
        let limits = configuration.remediation.concurrency
        guard limits.min > limits.max else { return }
        let path = "\(key).concurrency.min"
        context.report(
            "must not exceed remediation.concurrency.max (\(limits.max)), got \(limits.min)",
            at: path, origin: context.origin(of: path)
        )
    }
}
