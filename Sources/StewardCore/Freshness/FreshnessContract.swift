/// The freshness contracts of requirement 000 §4: is a source fresh, and if not, what to do
/// before retrying — refresh, read the fallback, or degrade.
public enum FreshnessContract {
    /// Checks a source against its target at `now`.
    ///
    /// Age exactly at the target is fresh; one millisecond more is stale. A source without a target
    /// is uncontracted whatever its age; one with a target that was never refreshed is unknown,
    /// which counts as stale. A refresh stamped after `now` (clock skew) counts as just made.
    public static func check(_ source: SourceSpec, state: SourceState?, now: Timestamp) -> FreshnessCheck {
        let ageMilliseconds = state?.lastRefreshedAt.map { Swift.max(0, now.milliseconds(since: $0)) }
        let ageMinutes = ageMilliseconds.map { Double($0) / 60_000 }
        let status: FreshnessCheck.Status
        if let target = source.freshnessTargetMinutes {
            if let age = ageMilliseconds {
                let (limit, overflow) = Int64(target).multipliedReportingOverflow(by: 60_000)
                status = overflow || age <= limit ? .fresh : .stale
            } else {
                status = .unknown
            }
        } else {
            status = .uncontracted
        }
        return FreshnessCheck(
            source: source.name, ageMinutes: ageMinutes, targetMinutes: source.freshnessTargetMinutes, status: status)
    }

    /// What to do about `source` before a retry.
    ///
    /// A fresh or uncontracted source proceeds, unless an agent reported it stale since its last
    /// refresh (`reportedStale`: the agent's word weighs over the contract's clock). A stale one is refreshed while it is reachable and
    /// no refresh has failed yet. Otherwise the declared fallback is read if it is reachable and
    /// itself fresh or uncontracted (`fallback` must be that source; another is ignored). Otherwise
    /// the source degrades: `UseLastKnownGood<=AGE` only while the last validated data is at most
    /// AGE old, reduced scope when it is older or missing.
    public static func plan(
        for source: SourceSpec, state: SourceState?, fallback: (spec: SourceSpec, state: SourceState?)?,
        refreshFailed: Bool, reportedStale: Bool = false, now: Timestamp
    ) -> FreshnessPlan {
        let own = check(source, state: state, now: now)
        guard own.isStale || reportedStale else { return .proceed(own) }
        let reachable = state?.reachable ?? true
        if reachable && !refreshFailed {
            return .refresh(source: source.name, steps: FreshnessPlan.refreshSteps)
        }
        if let declared = source.fallback, let fallback, fallback.spec.name == declared,
            fallback.state?.reachable ?? true
        {
            let status = check(fallback.spec, state: fallback.state, now: now).status
            if status == .fresh || status == .uncontracted {
                return .useFallback(source: source.name, fallback: declared)
            }
        }
        return degrade(source, state: state, now: now)
    }

    /// The degraded retry: the last known good data when the mode allows it and it is young
    /// enough, reduced scope otherwise.
    static func degrade(_ source: SourceSpec, state: SourceState?, now: Timestamp) -> FreshnessPlan {
        let name = source.name
        guard case .useLastKnownGood(let maxAgeSeconds) = source.degradeMode else {
            return .degrade(source: name, mode: .reducedScope, scope: "reduced scope: the task goes on without \(name) data")
        }
        let limit = AgeText.seconds(Int64(maxAgeSeconds))
        guard let goodAt = state?.lastKnownGoodAt else {
            return .degrade(
                source: name, mode: .reducedScope,
                scope: "reduced scope without \(name): it has no last known good data to use (limit \(limit))")
        }
        let age = Swift.max(0, now.milliseconds(since: goodAt))
        let (limitMilliseconds, overflow) = Int64(maxAgeSeconds).multipliedReportingOverflow(by: 1000)
        guard overflow || age <= limitMilliseconds else {
            return .degrade(
                source: name, mode: .reducedScope,
                scope: "reduced scope without \(name): its last known good data is from \(AgeText.milliseconds(age, pastLimit: limitMilliseconds)) ago, older than the \(limit) limit")
        }
        return .degrade(
            source: name, mode: source.degradeMode, scope: "using \(name) data from \(AgeText.milliseconds(age)) ago (limit \(limit))")
    }
}
