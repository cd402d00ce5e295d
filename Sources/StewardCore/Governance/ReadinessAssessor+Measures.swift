extension ReadinessAssessor {
    /// Whether a data-decided item passes, with a sentence carrying the figure; nil for items no
    /// figure decides (attested ones, and eval coverage until it is measured).
    static func measure(_ key: String, facts: ReadinessFacts, now: Timestamp) -> (passed: Bool, details: String)? {
        let metrics = facts.metrics
        let rates = metrics.rates
        let percent = GovernanceText.percent
        switch key {
        case "technical.l3_six_months":
            guard let first = facts.firstActionAt else { return (false, "no action recorded yet") }
            let days = GovernanceText.days(from: first, to: now)
            guard let atL3 = facts.daysAtL3 else {
                return (days >= runningDays, "running \(GovernanceText.plural(days, "day")) since the first action on \(first.utcDay) (needs \(runningDays))")
            }
            return (atL3 >= runningDays, "\(GovernanceText.plural(atL3, "day")) at L3 or L3+ of the \(GovernanceText.plural(days, "day")) since the first action on \(first.utcDay) (needs \(runningDays))")
        case "technical.success_rate":
            guard metrics.executions > 0, let successRate = rates.successRate else { return (false, "no executions in the period") }
            return (successRate > 0.995, "success rate \(percent(successRate)) over "
                + "\(GovernanceText.plural(metrics.executions, "execution")) (needs more than 99.50%)")
        case "technical.approval_rate":
            guard metrics.commands.proposed > 0 else { return (false, "no proposals in the period") }
            return (rates.approvalRate > 0.8, "approval rate \(percent(rates.approvalRate)) of "
                + "\(GovernanceText.plural(metrics.commands.proposed, "proposal")) (needs more than 80.00%)")
        case "technical.rollback_rate":
            // With nothing executed nothing was rolled back: the seed's formula gives 0, which passes.
            return (rates.rollbackRate < 0.02, "rollback rate \(percent(rates.rollbackRate)) of "
                + "\(GovernanceText.plural(metrics.commands.succeeded, "successful execution")) (needs less than 2.00%)")
        case "technical.eval_coverage":
            guard let coverage = facts.evalCoverage else { return nil }
            return (coverage > 0.9, "eval coverage \(percent(coverage)) (needs more than 90.00%)")
        case "technical.zero_critical_incidents":
            let count = facts.criticalIncidentsFromCommands
            return count == 0
                ? (true, "no critical incident attributed to an autonomous action in the period")
                : (false, "\(GovernanceText.plural(count, "critical incident")) attributed to autonomous actions in the period")
        case "technical.circuit_breakers":
            return (facts.breakersConfigured > 0 && facts.breakersEnabled > 0,
                    "\(GovernanceText.plural(facts.breakersConfigured, "breaker rule")) configured, \(facts.breakersEnabled) enabled and enforcing (not alert-only)")
        case "technical.realtime_monitoring":
            return facts.monitoringOperational
                ? (true, "real-time monitoring is operational") : (false, "real-time monitoring is not operational")
        case "technical.kill_switch_tested":
            return drill("kill-switch drill", at: facts.lastKillSwitchDrill, passing: true, now: now)
        case "technical.chaos_tests":
            guard let passing = facts.chaosDrillsPassing else { return (false, "no chaos drill recorded") }
            return drill("chaos drill", at: facts.lastChaosDrill, passing: passing, now: now)
        default:
            return nil
        }
    }

    /// A drill counts when it passed and ran within the last 30 days.
    private static func drill(_ name: String, at: Timestamp?, passing: Bool, now: Timestamp) -> (passed: Bool, details: String) {
        guard let at else { return (false, "no \(name) recorded") }
        let days = GovernanceText.days(from: at, to: now)
        let fresh = days <= drillFreshnessDays
        let result = passing ? "" : ", failing"
        return (fresh && passing, "last \(name) on \(at.utcDay), \(GovernanceText.plural(days, "day")) ago\(result) (needs a passing one within \(drillFreshnessDays) days)")
    }
}
