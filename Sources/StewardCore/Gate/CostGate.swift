/// The DecisionCostGate of seed 003 §5.3: is it worth deciding this now? ALLOW, DEFER to a
/// computed time, or SKIP, from saturation, recency, budget remaining and the tenant's tier.
public enum CostGate {
    /// The verdict for one proposal.
    public static func evaluate(_ input: GateInput, settings: CostGateSettings) -> CostVerdict {
        let proposal = input.proposal
        if proposal.trigger == .person {
            return CostVerdict(verdict: .allow, reason: "PERSON_REQUESTED", detail: "A person asked for it, so it is decided now.")
        }
        let scale = TierScale(input.activity.tier)
        let maxOpen = openActionLimit(settings, tier: input.activity.tier)
        if input.activity.openActions >= maxOpen {
            return CostVerdict(
                verdict: .skip, reason: "ACTION_SATURATION",
                detail: "The account already has \(input.activity.openActions) open actions (limit \(maxOpen) for the \(input.activity.tier.rawValue) tier); another would be noise.")
        }
        guard proposal.trigger.isAutonomousRun else {
            let detail = proposal.account.map { "Fewer than \(maxOpen) actions are open for account \($0)." }
                ?? "It concerns no account, so no account's open actions hold it back."
            return CostVerdict(verdict: .allow, reason: "WORTH_DECIDING", detail: detail)
        }
        let intervalMs = Int64((Double(settings.minIntervalMinutes) * scale.interval * 60_000).rounded())
        if let last = input.activity.lastDecisionAt, input.now.milliseconds(since: last) < intervalMs {
            let retry = last.adding(milliseconds: intervalMs)
            return CostVerdict(
                verdict: .defer_, reason: "RECENT_DECISION",
                detail: "A decision was made for the account at \(last.rfc3339); the next \(proposal.trigger.rawValue) run waits until \(retry.rfc3339).",
                retryAt: retry)
        }
        let budget = input.budget
        if budget.tenantCapUsd <= 0 || budget.tenantRemainingUsd / budget.tenantCapUsd < settings.reserveFraction {
            let retry = input.now.startOfNextUTCDay
            return CostVerdict(
                verdict: .defer_, reason: "BUDGET_LOW",
                detail: String(describing: FormattedUsd(budget.tenantRemainingUsd)) + " of today's budget is left, below the reserve kept for agents' own proposals; the run waits for tomorrow's budget (\(retry.rfc3339)).",
                retryAt: retry)
        }
        return CostVerdict(verdict: .allow, reason: "WORTH_DECIDING", detail: "No recent decision, budget available, the account is not saturated.")
    }

    /// The most open actions an account of a tenant in `tier` may hold before another proposal
    /// is saturation; the spine also holds its commits to it, so concurrent proposals cannot pass it.
    public static func openActionLimit(_ settings: CostGateSettings, tier: TenantTier) -> Int {
        max(1, Int((Double(settings.maxOpenActions) * TierScale(tier).openActions).rounded()))
    }

    /// How a tier stretches the limits: free tenants decide less often, enterprise more.
    struct TierScale {
        let interval: Double
        let openActions: Double

        init(_ tier: TenantTier) {
            switch tier {
            case .free: (interval, openActions) = (4, 0.5)
            case .standard: (interval, openActions) = (1, 1)
            case .enterprise: (interval, openActions) = (0.25, 2)
            }
        }
    }
}

extension Timestamp {
    /// Midnight UTC after this instant: when daily budgets reset.
    public var startOfNextUTCDay: Timestamp {
        let day: Int64 = 86_400_000
        let ms = millisecondsSinceEpoch
        let floor = ms >= 0 ? ms / day : (ms - day + 1) / day
        return Timestamp(millisecondsSinceEpoch: (floor + 1) * day)
    }
}
