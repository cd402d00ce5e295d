/// The proposal text of seed 004 §2b.4: "20% faster (-700ms), 10% cheaper (-0.001 USD), same
/// reliability (delta=-0.1% within margin)".
public enum RoutingRationale {
    /// Why moving from `current` to `candidate` is proposed, and what holds it back.
    public static func text(
        from current: RoutingDecision.Scored, to candidate: RoutingDecision.Scored, violations: [GuardrailViolation], guardrails: AutonomyGuardrails
    ) -> String {
        let a = current.measurement.metrics, b = candidate.measurement.metrics
        var parts: [String] = []
        parts.append(change(b.latencyMs, over: a.latencyMs, less: "faster", more: "slower", delta: "\(signed(b.latencyMs - a.latencyMs, digits: 0))ms"))
        parts.append(change(b.costUSD, over: a.costUSD, less: "cheaper", more: "dearer", delta: "\(signed(b.costUSD - a.costUSD, digits: 6)) USD"))
        let delta = b.successRate - a.successRate
        let d = "delta=\(signed(delta * 100, digits: 1))%"
        if abs(delta) < 1e-9 {
            parts.append("same reliability")
        } else if delta > 0 {
            parts.append("more reliable (\(d))")
        } else if -delta <= guardrails.maxSuccessRateReduction {
            parts.append("same reliability (\(d) within margin)")
        } else {
            parts.append("less reliable (\(d))")
        }
        var text = "Move \(current.measurement.strategy) → \(candidate.measurement.strategy): " + parts.joined(separator: ", ")
        text += "; score \(score(current.score)) → \(score(candidate.score))"
        text += " (\(candidate.measurement.source.rawValue) from \(candidate.measurement.sampleSize) executions)."
        if !violations.isEmpty { text += " Needs approval: " + violations.map(\.reason).joined(separator: "; ") + "." }
        return text
    }

    /// Metrics as shown to people: "success 98.0%, cost 0.0105 USD, latency 3500 ms".
    public static func metrics(_ m: StrategyMetrics) -> String {
        "success \(AutonomyGuardrails.percent(m.successRate)), cost \(usd(m.costUSD)) USD, latency \(Int(m.latencyMs.rounded())) ms"
    }

    /// A per-call cost as shown to people: to the millionth of a dollar, without a sum's float noise
    /// (0.005, not 0.005000000000000002).
    public static func usd(_ x: Double) -> String { PlainNumber.format(x, places: 6) }

    /// A score as shown to people.
    public static func score(_ x: Double) -> String { String((x * 1000).rounded() / 1000) }

    static func change(_ new: Double, over old: Double, less: String, more: String, delta: String) -> String {
        guard old > 0, abs(new - old) > 1e-12 else { return abs(new - old) <= 1e-12 ? "same \(less == "faster" ? "latency" : "cost")" : delta }
        let pct = Int(((abs(new - old) / old) * 100).rounded())
        return "\(pct)% \(new < old ? less : more) (\(delta))"
    }

    static func signed(_ x: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (x * scale).rounded() / scale
        let body = digits == 0 ? String(Int(r)) : String(r)
        return r > 0 ? "+" + body : body
    }
}
