public import StewardCore
import StewardExpr

extension Remediator {
    /// Records that a source declared in `sources:` was refreshed: its data is fresh as of `at`
    /// (now when nil). One rule with signals: an `at` further ahead of the server's clock than
    /// `remediation.signals.maxFutureSkewSeconds` is refused, a nearer one counts as now, and a
    /// refresh never moves the recorded one backwards (an explicit older `at` is a conflict).
    public func sourceRefreshed(_ name: String, tenant: String, at: Timestamp?, by actor: String) async throws(HealingError) -> SourceRow {
        guard rules.configuration.source(named: name) != nil else {
            // A typo (`MarketIntell`) must not pass for a refresh while the real source stays stale.
            throw .invalid([FieldProblem(
                field: "name", reason: "source '\(name)' is not declared in sources: of steward.yaml" + Suggestion.hint(for: name, among: rules.configuration.sources.map(\.name)))])
        }
        let now = clock.now()
        let skew = rules.settings.signals.maxFutureSkewSeconds
        if let at, at.milliseconds(since: now) > Int64(skew) * 1000 {
            throw .invalid([FieldProblem(
                field: "at", reason: "is \(at.milliseconds(since: now) / 1000) s in the future; at most \(skew) s of clock skew is accepted")])
        }
        let fresh = at.map { min($0, now) } ?? now
        for _ in 0..<8 {
            let current = try await store.row(SourceRow.self, tenant: tenant, HealingRows.sources, name)
            var row = current?.value ?? SourceRow(name: name)
            if let recorded = row.lastRefreshedAt, fresh < recorded {
                // Data fresh as of an earlier time says nothing new; moving the mark back would
                // make a fresh source look stale.
                guard at == nil else {
                    throw .conflict("source \(name) was refreshed at \(recorded.rfc3339), later than \(fresh.rfc3339); the recorded refresh stays")
                }
                return row
            }
            row.record(refreshedAt: fresh, error: nil, now: clock.now())
            // The refresh answers any standing request: when the data lapses again, the sweep
            // asks at once rather than ten minutes after a request already withdrawn.
            row.refreshRequestedAt = nil
            var change = HealingChange(tenant: tenant)
            try change.put(HealingRows.sources, name, row, expectedVersion: current?.version ?? 0)
            change.log("source.refreshed", subject: "source:\(name)", ["source": .string(name), "at": .string(fresh.rfc3339)])
            try await withdrawRefreshRequests(
                for: name, tenant: tenant, reason: "\(name) was refreshed at \(fresh.rfc3339) (by \(actor)); the refetch is no longer needed",
                change: &change, now: now)
            if try await store.apply(change.commit(actor: actor, revision: rules.revision, now: now)) { return row }
        }
        throw .conflict("source \(name) kept changing; try again")
    }
}
