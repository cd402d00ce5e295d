extension ScopeExpansionProposal {
    /// When an applied proposal's validation period ends: `validationPeriod` days after the
    /// approval that applied it. Nil for a proposal that was never applied.
    public var validationEndsAt: Timestamp? {
        guard status == .applied, let applied = approvals.last?.at else { return nil }
        return applied.adding(milliseconds: Int64(expansion.validationPeriod) * 86_400_000)
    }

    /// The applied proposal among `proposals` whose validation period is still running at `now`
    /// (the one ending last), with its end; nil when none is.
    ///
    /// Seed 002 asks each expansion to be watched for its validation period before the next: the
    /// period is what makes "conservative" progression more than advice, so no further expansion
    /// is drafted or approved until it has passed.
    public static func validating(_ proposals: [ScopeExpansionProposal], at now: Timestamp) -> (proposal: ScopeExpansionProposal, until: Timestamp)? {
        proposals.compactMap { p in p.validationEndsAt.map { (proposal: p, until: $0) } }
            .filter { now < $0.until }
            .max { $0.until < $1.until }
    }
}
