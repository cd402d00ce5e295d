/// Learns which remediation playbook heals a class of incident (seed 000 §5) and picks one.
///
/// Learning never buys risk: only `allowed` playbooks — those the gate would let run without a
/// person — are ever explored or exploited. When none is allowed the bandit steps aside and the
/// candidate with the best expected utility is returned for the gate to route to a person.
///
/// Every comparison breaks ties by expected utility (a missing utility counts as −∞), then by
/// candidate order, so the outcome depends only on the inputs and the generator's sequence.
public enum PlaybookBandit {
    /// Picks a playbook among `candidates`; nil only when there are none.
    ///
    /// - Parameters:
    ///   - candidates: the playbooks that match the incident, in preference order; repeats after
    ///     the first are ignored.
    ///   - stats: what has been learned per playbook, keyed by playbook name.
    ///   - allowed: the playbooks that may run without a person; names not among the candidates
    ///     are ignored.
    ///   - utilities: each candidate's expected utility (``ExpectedUtility/value``).
    ///   - epsilon: the exploration rate, clamped to 0...1 (NaN counts as 0).
    ///   - generator: the only source of randomness, so a seed reproduces every choice.
    public static func choose(
        candidates: [String], stats: [String: ArmStats], allowed: Set<String>, utilities: [String: Double],
        strategy: BanditStrategy, epsilon: Double, using generator: inout some RandomNumberGenerator
    ) -> BanditChoice? {
        var seen = Set<String>()
        let arms = candidates.filter { seen.insert($0).inserted }
        guard !arms.isEmpty else { return nil }
        let epsilon = epsilon.isNaN ? 0 : min(max(epsilon, 0), 1)
        let runnable = arms.filter { allowed.contains($0) }
        let context = Context(
            arms: arms, runnable: runnable, stats: stats, utilities: utilities, strategy: strategy, epsilon: epsilon)
        guard !runnable.isEmpty else { return context.withoutLearning() }
        switch strategy {
        case .epsilonGreedy: return context.epsilonGreedy(using: &generator)
        case .thompson: return context.thompson(using: &generator)
        }
    }

    /// The inputs of one choice, normalised, shared by the strategies.
    struct Context {
        /// The distinct candidates in order.
        let arms: [String]
        /// The allowed candidates in order.
        let runnable: [String]
        let stats: [String: ArmStats]
        let utilities: [String: Double]
        let strategy: BanditStrategy
        let epsilon: Double

        /// A candidate's expected utility, −∞ when unknown so any known utility beats it.
        func utility(_ arm: String) -> Double { utilities[arm] ?? -.infinity }

        /// The arm of `arms` with the highest score; ties by utility, then the earlier arm.
        func best(of arms: [String], by score: (String) -> Double) -> String? {
            var best: String?
            for arm in arms {
                guard let current = best else {
                    best = arm
                    continue
                }
                let (a, b) = (score(arm), score(current))
                if a > b || (a == b && utility(arm) > utility(current)) { best = arm }
            }
            return best
        }

        /// "7 attempts" or "1 attempt": how much evidence an arm's mean rests on, for reasons.
        func attempts(_ arm: String) -> String {
            let pulls = stats[arm]?.pulls ?? 0
            return pulls == 1 ? "1 attempt" : "\(pulls) attempts"
        }

        /// The utilities of `arms` that are known, as the scores of a utility-based decision.
        func utilityScores(_ arms: [String]) -> [String: Double] {
            arms.reduce(into: [:]) { scores, arm in scores[arm] = utilities[arm] }
        }

        /// A choice by this context's strategy and epsilon.
        func choice(_ chosen: String, explored: Bool, scores: [String: Double], reason: String) -> BanditChoice {
            BanditChoice(
                chosen: chosen, explored: explored, strategy: strategy, epsilon: epsilon, scores: scores,
                allowed: runnable, reason: reason)
        }

        /// No candidate may run unattended: the best expected utility, for the gate to send to a person.
        func withoutLearning() -> BanditChoice? {
            guard let chosen = best(of: arms, by: utility) else { return nil }
            let how = utilities[chosen].map { "by expected utility \(PlainNumber.format($0, places: 2))" }
                ?? "as the first candidate, none having an expected utility,"
            return choice(
                chosen, explored: false, scores: utilityScores(arms),
                reason: "chose \(chosen) \(how) without exploring: no candidate may run without a person")
        }
    }
}
