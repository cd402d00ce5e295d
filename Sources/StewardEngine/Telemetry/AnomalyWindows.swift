import StewardCore

/// The persistence windows and recent executions of every skill, in memory: a restart starts
/// each afresh.
actor AnomalyWindows {
    /// One execution to observe: its baseline and score when its skill has a baseline.
    struct Observation: Sendable {
        var record: SkillExecution
        var baseline: SkillBaseline?
        var score: AnomalyScore?
    }

    /// What a batch did to the windows, each by the index of the execution that did it.
    struct Found: Sendable {
        var fired: [(index: Int, metric: String, window: AnomalyWindow, peak: Double?)] = []
        var ended: [(index: Int, metric: String)] = []
        var shifts: [(index: Int, change: RecentExecutions.Change)] = []
    }

    private struct SkillWindows {
        var episodes = AnomalyEpisodes()
        var recent = RecentExecutions()
    }

    private var skills: [String: SkillWindows] = [:]

    private static func key(_ tenant: String, _ skill: String) -> String { tenant + "\u{1F}" + skill }

    /// Observes a tenant's executions in order: the anomaly episodes each completes (with the
    /// window's worst latency or cost over the baseline) or ends, and the shifts it starts or ends.
    func observe(tenant: String, _ executions: [Observation], settings: AnomalySettings) -> Found {
        var found = Found()
        for (index, execution) in executions.enumerated() {
            let key = Self.key(tenant, execution.record.skillName)
            var mine = skills[key] ?? SkillWindows()
            found.shifts += mine.recent.observe(execution.record, baseline: execution.baseline).map { (index, $0) }
            if let score = execution.score, let baseline = execution.baseline {
                let observation = mine.episodes.observe(score, threshold: settings.threshold, required: settings.required, window: settings.window)
                for fired in observation.fired {
                    let peak: Double? = switch fired.metric {
                    case "latency": mine.recent.peak(last: settings.window, over: Double(baseline.latencyP95Ms), cost: false)
                    case "cost": mine.recent.peak(last: settings.window, over: baseline.costMeanUSD, cost: true)
                    default: nil
                    }
                    found.fired.append((index, fired.metric, fired.window, peak))
                }
                found.ended += observation.ended.map { (index, $0) }
            }
            skills[key] = mine
        }
        return found
    }

    /// Whether `skill`'s success rate is still judged failing: a reported success episode not
    /// ended, or a success-rate shift holding.
    func successFailing(tenant: String, skill: String) -> Bool {
        guard let mine = skills[Self.key(tenant, skill)] else { return false }
        let success = AnomalyScore.metrics.firstIndex(of: "success") ?? 0
        return mine.episodes.windows[success].reported || mine.recent.holding.contains(.successRate)
    }
}
