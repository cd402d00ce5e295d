/// The gate's checks other than policy, each a pure function of the input.
enum GateChecks {
    /// The autonomy check's reason while an account's digest is owed, and how long such a run waits
    /// before it is decided again.
    static let digestPending = "DIGEST_PENDING"
    static let digestRetryMilliseconds: Int64 = 5 * 60_000

    static func killSwitch(_ input: GateInput) -> GateCheck {
        let k = input.killSwitch
        guard k.engaged else {
            return GateCheck(name: .killSwitch, passed: true, ceiling: .autoExecute, reason: "KILL_SWITCH_RELEASED", detail: "The kill switch is released.")
        }
        let by = k.by.map { " by \($0)" } ?? ""
        let why = k.reason.map { ": \($0)" } ?? ""
        return GateCheck(
            name: .killSwitch, passed: false, ceiling: .requireApproval, reason: "KILL_SWITCH",
            detail: "The kill switch is engaged\(by)\(why); nothing runs without a person until it is released.", clause: "kill-switch")
    }

    static func breakers(_ input: GateInput) -> GateCheck {
        let open = input.breakers.filter { $0.applies(to: input.proposal) }
        guard let first = open.first(where: \.blocks) ?? open.first else {
            return GateCheck(name: .breakers, passed: true, ceiling: .autoExecute, reason: "BREAKERS_CLOSED", detail: "No open circuit breaker covers this action.")
        }
        let names = open.map { $0.heldSkill.map { "the hold on skill '\($0)'" } ?? $0.name }.joined(separator: ", ")
        if let skill = first.heldSkill {
            // A skill's hold is no breaker: said as what it is, where it can be looked up.
            let others = open.count > 1 ? " Holding it back: \(names)." : ""
            return GateCheck(
                name: .breakers, passed: false, ceiling: .requireApproval, reason: "SKILL_HELD",
                detail: "Skill '\(skill)' is held: \(first.reason). A person decides until the hold ends; see GET /v1/skills/\(skill).\(others)",
                clause: SkillHoldClause.of(skill))
        }
        let effect = first.blocks ? "it is refused" : "a person decides"
        return GateCheck(
            name: .breakers, passed: false, ceiling: first.blocks ? .block : .requireApproval, reason: "BREAKER_OPEN",
            detail: "The circuit breaker '\(first.name)' is open (\(first.reason)), so \(effect). Open: \(names).", clause: "breakers.\(first.name)")
    }

    static func autonomy(_ input: GateInput) -> GateCheck {
        let p = input.proposal, t = input.actionType, a = input.autonomy
        let mode = a.effectiveMode
        // A remediation step is decided in the remediation mode and scope (GateFacts), so that is what to cite.
        let healing = p.isRemediationStep
        // Built only when a sentence needs them: the gate runs on every proposal.
        var whose: String { a.accountMode != nil ? "account \(p.account ?? "")" : healing ? "remediation of tenant \(p.tenant)" : "tenant \(p.tenant)" }
        var whoseAtStart: String { a.accountMode != nil ? "Account \(p.account ?? "")" : healing ? "Remediation of tenant \(p.tenant)" : "Tenant \(p.tenant)" }
        var modeClause: String {
            a.accountMode != nil ? "autonomy.accounts.\(p.account ?? "").mode" : healing ? "remediation.mode" : "autonomy.mode"
        }
        func hold(_ ceiling: GateOutcome, _ reason: String, _ detail: String, _ clause: String? = nil) -> GateCheck {
            GateCheck(name: .autonomy, passed: false, ceiling: ceiling, reason: reason, detail: detail, clause: clause ?? modeClause)
        }
        // A schedule- or event-triggered run that may not run alone (seed 003 Mode 4: opt-in, L4+)
        // goes to a person, as any other proposal the mode holds: it is not thrown away.
        if p.trigger.isAutonomousRun {
            if mode != .scheduled {
                return hold(.requireApproval, "SCHEDULE_NOT_ENABLED", "\(p.trigger == .event ? "An" : "A") \(p.trigger.rawValue)-triggered run needs scheduled mode, and \(whose) is in \(mode.rawValue) mode.")
            }
            if !a.scheduledOptIn {
                return hold(.requireApproval, "SCHEDULE_NOT_OPTED_IN", "Account \(p.account ?? "(none)") has not opted in to scheduled runs, so no \(p.trigger.rawValue)-triggered action runs for it.", "autonomy.accounts.\(p.account ?? "").scheduledOptIn")
            }
        }
        // The level in force is the one reported (GET /v1/governance/level): the stored one, else
        // the tenant mode's. A stored level always holds; a level read from the mode holds what
        // would go beyond it (an account's own looser mode, a scheduled run below L4+), since
        // below that the mode's own check says the same with a more precise reason.
        let level = a.levelInForce
        if a.level != nil || AutonomyLevel(mode: mode) > level || p.trigger.isAutonomousRun,
           let held = levelHold(level, p, fromMode: a.level == nil ? a.tenantMode : nil) {
            return held
        }
        if t.external {
            return hold(.requireApproval, "EXTERNAL_CONTACT", "\(t.name) reaches someone outside the organisation, so a person always approves it first.", "actionTypes.\(t.name).external")
        }
        if t.risk == .high {
            return hold(.requireApproval, "RISK_LEVEL_HIGH", "\(t.name) is a high-risk action, so a person always approves it first.", "actionTypes.\(t.name).risk")
        }
        switch mode {
        case .assist:
            return hold(.requireApproval, "MODE_ASSIST", "\(whoseAtStart) is in assist mode: Steward proposes, and nothing runs until a person triggers it.")
        case .approve:
            return hold(.requireApproval, "MODE_APPROVE", "\(whoseAtStart) is in approve mode: every action needs a person's approval.")
        case .autopilot, .scheduled:
            break
        }
        if t.risk == .medium {
            return hold(.requireApproval, "RISK_LEVEL_MEDIUM", "\(t.name) is a medium-risk action; autopilot runs only low-risk ones.", "actionTypes.\(t.name).risk")
        }
        if !t.reversible {
            return hold(.requireApproval, "NOT_REVERSIBLE", "\(t.name) cannot be undone; autopilot runs only reversible actions.", "actionTypes.\(t.name).reversible")
        }
        if !t.idempotent {
            return hold(.requireApproval, "NOT_IDEMPOTENT", "\(t.name) is not idempotent; autopilot runs only actions that are safe to repeat.", "actionTypes.\(t.name).idempotent")
        }
        if !a.autopilotScope.contains(t.name) {
            return healing
                ? hold(.requireApproval, "OUTSIDE_AUTOPILOT_SCOPE", "\(t.name) is not in the remediation autopilot scope, so a person approves it.", "remediation.autopilotScope")
                : hold(.requireApproval, "OUTSIDE_AUTOPILOT_SCOPE", "\(t.name) is not in the autopilot scope, so a person approves it.", "autonomy.autopilotScope")
        }
        // Seed 003 mode 4: no scheduled run before the account was told what autopilot did.
        if p.trigger.isAutonomousRun, let day = a.digestOwed {
            return hold(
                .defer_, digestPending,
                "Autopilot acted for account \(p.account ?? "") on \(day), and that day's digest has not yet told the account all of it; "
                    + "\(p.trigger.rawValue)-triggered runs wait until it has (Steward publishes it at its next sweep).",
                "notifications.digestHourUtc")
        }
        return GateCheck(name: .autonomy, passed: true, ceiling: .autoExecute, reason: "AUTOPILOT_ELIGIBLE",
                         detail: "\(whoseAtStart) is in \(mode.rawValue) mode and \(t.name) is low-risk, reversible, idempotent and in the autopilot scope.")
    }

    /// What the tenant's autonomy level holds back before the mode is considered.
    /// `fromMode` is the tenant's mode when no level is stored and the level is that mode's.
    private static func levelHold(_ level: AutonomyLevel, _ p: ActionProposal, fromMode: AutonomyMode?) -> GateCheck? {
        func hold(_ ceiling: GateOutcome, _ reason: String, _ detail: String) -> GateCheck {
            GateCheck(name: .autonomy, passed: false, ceiling: ceiling, reason: reason, detail: detail, clause: fromMode == nil ? "governance.level" : "autonomy.mode")
        }
        // Built only when a sentence needs it; says where a level nobody set comes from, so an
        // operator knows what would raise it.
        var whoseAtStart: String { fromMode.map { "Tenant \(p.tenant) (in \($0.rawValue) mode, no level set)" } ?? "Tenant \(p.tenant)" }
        if p.trigger.isAutonomousRun && level < .l4Plus {
            return hold(.requireApproval, "AUTONOMY_LEVEL_NO_SCHEDULE", "\(whoseAtStart) is at autonomy level \(level.rawValue); scheduled runs need L4+.")
        }
        switch level {
        case .l3:
            return hold(.requireApproval, "AUTONOMY_LEVEL_L3", "\(whoseAtStart) is at autonomy level L3: every action needs a person's approval.")
        case .l3Plus where p.trigger != .remediation:
            return hold(.requireApproval, "AUTONOMY_LEVEL_L3_PLUS", "\(whoseAtStart) is at autonomy level L3+: only Steward's own remediation steps run without a person.")
        default:
            return nil
        }
    }

    static func costGate(_ verdict: CostVerdict) -> GateCheck {
        switch verdict.verdict {
        case .allow: GateCheck(name: .costGate, passed: true, ceiling: .autoExecute, reason: verdict.reason, detail: verdict.detail)
        case .defer_: GateCheck(name: .costGate, passed: false, ceiling: .defer_, reason: verdict.reason, detail: verdict.detail, clause: "costGate")
        case .skip: GateCheck(name: .costGate, passed: false, ceiling: .block, reason: verdict.reason, detail: verdict.detail, clause: "costGate")
        }
    }

    static func budgets(_ input: GateInput) -> GateCheck {
        let b = input.budget, t = input.actionType, p = input.proposal
        if t.costUsd > b.tenantRemainingUsd + 1e-9 {
            let waits = p.trigger.isAutonomousRun, healing = p.isRemediationStep
            return GateCheck(
                name: .budgets, passed: false, ceiling: waits ? .defer_ : .block, reason: "BUDGET_EXCEEDED",
                detail: "\(t.name) costs \(FormattedUsd(t.costUsd)) and only \(FormattedUsd(b.tenantRemainingUsd)) of today's \(FormattedUsd(b.tenantCapUsd)) \(healing ? "remediation " : "")budget is left" + (waits ? "; it waits for tomorrow's budget." : "."),
                clause: healing ? DailyBudget.remediationClause : DailyBudget.actionsClause)
        }
        if b.accountAutonomousActions >= b.accountDailyLimit {
            return GateCheck(
                name: .budgets, passed: false, ceiling: .requireApproval, reason: "AUTONOMY_BUDGET_EXHAUSTED",
                detail: "Account \(p.account ?? "(none)") has used its autonomy budget of \(b.accountDailyLimit) autonomous actions today, so a person decides.",
                clause: b.accountLimitIsOwn == true ? "autonomy.accounts.\(p.account ?? "").dailyActions" : "autonomy.accountDailyActions")
        }
        return GateCheck(name: .budgets, passed: true, ceiling: .autoExecute, reason: "WITHIN_BUDGET",
                         detail: "It costs \(FormattedUsd(t.costUsd)); \(FormattedUsd(b.tenantRemainingUsd)) of today's budget is left, and \(b.accountAutonomousActions) of \(b.accountDailyLimit) autonomous actions are used.")
    }

    /// The risk check: `high` when the score reaches the threshold, or the charge would pass the
    /// spending the threshold allows (the same thing, decided on the budget counter's grid).
    static func risk(_ risk: RiskAssessment, threshold: Double, high: Bool) -> GateCheck {
        let limit = DecimalText(threshold)
        guard high else {
            // Hundredths would print a score just under the threshold as the threshold itself.
            var score = DecimalText(hundredthsOf: risk.score)
            if score.value >= threshold { score = DecimalText((risk.score * 10_000).rounded(.down) / 10_000) }
            return GateCheck(name: .risk, passed: true, ceiling: .autoExecute, reason: "RISK_ACCEPTABLE", detail: "Risk score \(score) is below the threshold \(limit).")
        }
        let score = DecimalText(hundredthsOf: max(risk.score, threshold))
        let parts = (DecimalText(hundredthsOf: risk.budgetOverrun), DecimalText(hundredthsOf: risk.blastRadius), DecimalText(hundredthsOf: risk.compliance))
        return GateCheck(
            name: .risk, passed: false, ceiling: .requireApproval, reason: "RISK_SCORE_HIGH",
            detail: "Risk score \(score) is at or above the threshold \(limit) (budget \(parts.0), reach \(parts.1), compliance \(parts.2)), so a person decides.",
            clause: "remediation.riskHitlThreshold")
    }
}

/// A number as `Double.description` writes it (`0.8`, `0.13`, `1.0`). Numbers with at most two
/// decimals, which is every score the gate prints, are written from their integer hundredths:
/// the general shortest-digits algorithm cost more than the rest of the sentence around it.
struct DecimalText: CustomStringConvertible {
    let value: Double

    init(_ value: Double) { self.value = value }

    /// `value` rounded to hundredths.
    init(hundredthsOf value: Double) { self.value = (value * 100).rounded() / 100 }

    var description: String {
        let hundredths = (value * 100).rounded()
        // Only plain, non-negative numbers well inside the range Double.description writes
        // without an exponent, and only when they have no third decimal.
        guard value.sign == .plus, value < 1e9, hundredths / 100 == value else { return value.description }
        let n = Int64(hundredths), whole = String(n / 100), fraction = n % 100
        if fraction == 0 { return whole + ".0" }
        if fraction % 10 == 0 { return whole + "." + String(fraction / 10) }
        return whole + (fraction < 10 ? ".0" : ".") + String(fraction)
    }
}
