extension PlaybookBandit.Context {
    /// Thompson sampling over the allowed arms: one draw per arm from its ``RewardPosterior``, in
    /// candidate order, and the largest draw wins.
    ///
    /// The choice counts as explored when the winner is not the arm with the highest posterior
    /// mean, i.e. when the uncertainty, not the evidence, decided it.
    func thompson(using generator: inout some RandomNumberGenerator) -> BanditChoice? {
        var draws: [String: Double] = [:]
        var posteriors: [String: RewardPosterior] = [:]
        for arm in runnable {
            let posterior = RewardPosterior(stats: stats[arm])
            posteriors[arm] = posterior
            draws[arm] = posterior.sample(using: &generator)
        }
        guard let chosen = best(of: runnable, by: { draws[$0] ?? -.infinity }),
            let favourite = best(of: runnable, by: { posteriors[$0]?.mean ?? -.infinity })
        else { return nil }
        let draw = PlainNumber.format(draws[chosen] ?? 0, places: 2)
        let favouriteMean = PlainNumber.format(posteriors[favourite]?.mean ?? 0, places: 2)
        if chosen != favourite {
            return choice(
                chosen, explored: true, scores: draws,
                reason: "explored \(chosen): its sampled mean reward \(draw) was the largest, "
                    + "though \(favourite) has the best posterior mean \(favouriteMean)")
        }
        return choice(
            chosen, explored: false, scores: draws,
            reason: "exploited \(chosen): best posterior mean reward \(favouriteMean) over \(attempts(chosen)) "
                + "and the largest sample, \(draw)")
    }
}
