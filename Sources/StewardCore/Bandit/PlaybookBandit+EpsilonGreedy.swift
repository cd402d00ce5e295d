extension PlaybookBandit.Context {
    /// Seed 000 §5's epsilon-greedy rule over the allowed arms.
    ///
    /// One uniform draw decides: below ε, a uniform pick among the allowed arms (explored, even if
    /// it lands on the best arm, since chance chose it); otherwise the allowed arm with the best
    /// mean reward among those tried. Untried arms have no mean to compare, so they are chosen by
    /// expected utility only while no allowed arm has been tried; after that only exploration
    /// reaches them.
    func epsilonGreedy(using generator: inout some RandomNumberGenerator) -> BanditChoice? {
        var means: [String: Double] = [:]
        for arm in runnable {
            if let stats = stats[arm], stats.pulls > 0, let mean = stats.mean { means[arm] = mean }
        }
        if Double.random(in: 0..<1, using: &generator) < epsilon {
            let chosen = runnable[Int.random(in: 0..<runnable.count, using: &generator)]
            return choice(
                chosen, explored: true, scores: means,
                reason: "explored \(chosen) (epsilon \(PlainNumber.format(epsilon)))")
        }
        let tried = runnable.filter { means[$0] != nil }
        if let chosen = best(of: tried, by: { means[$0] ?? -.infinity }), let mean = means[chosen] {
            let shown = PlainNumber.format(mean, places: 2)
            return choice(
                chosen, explored: false, scores: means,
                reason: "exploited \(chosen): best mean reward \(shown) over \(attempts(chosen))")
        }
        guard let chosen = best(of: runnable, by: utility) else { return nil }
        let why = utilities[chosen].map { "best expected utility \(PlainNumber.format($0, places: 2))" }
            ?? "first in candidate order"
        return choice(
            chosen, explored: false, scores: utilityScores(runnable),
            reason: "exploited \(chosen): no allowed playbook has been tried yet; \(why)")
    }
}
