import StewardCore
import StewardEngine

/// The rows of the Skills page, each the values of the API's answer for the same thing, in words.
enum SkillsPageRows {
    /// A skill with the providers it used today, its fingerprint and its active holds.
    static func skill(_ state: Telemetry.SkillState, providers: [String]) -> [String: Any] {
        var data: [String: Any] = [
            "skill": state.skill, "path": HTML.pathSegment(state.skill), "anchor": anchor(state.skill),
            "providers": providers.joined(separator: ", "), "held": !state.holds.isEmpty,
        ]
        if let fingerprint = state.fingerprint {
            data["fingerprint"] = String(fingerprint.sha256.prefix(12)) + "…"
            data["version"] = fingerprint.version ?? ""
        }
        data["holds"] = state.holds.map { hold in
            [
                "cause": hold.cause, "reason": hold.reason, "since": PageTime.of(hold.since), "until": hold.until.map(PageTime.of) as Any,
                "skill": state.skill, "path": HTML.pathSegment(state.skill), "anchor": anchor(state.skill + "-" + hold.cause),
            ] as [String: Any]
        }
        return data
    }

    /// A provider's quota today: use against the limit, level, reset and projected exhaustion.
    static func quota(_ status: QuotaStatus, skills: Set<String>) -> [String: Any] {
        [
            "provider": status.provider, "used": String(status.usedToday), "limit": String(status.dailyLimit), "unit": status.unit.rawValue,
            "percent": Percent.text(status.pctUsed) + "%", "level": status.level.rawValue,
            "levelClass": badge(status.level), "exhausted": status.exhausted, "resets": PageTime.of(status.resetsAt),
            "projected": status.projectedExhaustion.map(PageTime.of) as Any, // Not `skills`: an empty value would let the template find the page's own skill list instead.
            "usedBy": skills.sorted().joined(separator: ", "),
        ]
    }

    /// The badge of a quota level: its word stands beside the colour.
    static func badge(_ level: QuotaStatus.Level) -> String {
        switch level {
        case .GREEN: "badge-healthy"
        case .YELLOW: "badge-degraded"
        case .RED: "badge-escalated"
        }
    }

    /// An `alert.raised` entry as the alert it records; nil for one that cannot be read.
    static func alert(_ row: StoredLedgerRow) -> [String: Any]? {
        guard let payload = try? JSONReader.parse(row.canonicalPayload),
              let record = try? JSONValueDecoder.decode(AlertRecord.self, from: payload) else { return nil }
        var data: [String: Any] = [
            "seq": String(row.seq), "rule": record.rule, "event": record.event, "severity": record.severity.rawValue,
            "severityClass": record.severity == .critical ? "badge-escalated" : "badge-degraded", "summary": record.summary,
            "outcome": record.outcome.rawValue, "at": PageTime.of(record.at), "skill": record.skill ?? "", "provider": record.provider ?? "",
        ]
        if record.repeats > 0 { data["repeats"] = "+\(record.repeats) \(record.repeats == 1 ? "repeat" : "repeats") since the last page" }
        if let silence = record.silence { data["silence"] = silence }
        return data
    }

    /// An active silence.
    static func silence(_ silence: Silence) -> [String: Any] {
        [
            "id": silence.id, "path": HTML.pathSegment(silence.id), "matcher": matcher(silence), "reason": silence.reason,
            "expires": PageTime.of(silence.expiresAt), "created": PageTime.of(silence.createdAt), "by": silence.createdBy,
        ]
    }

    /// What a silence matches, in words.
    static func matcher(_ silence: Silence) -> String {
        if let breaker = silence.breaker { return breaker == "*" ? "every breaker's notifications" : "breaker \(breaker)'s notifications" }
        let base = switch (silence.rule, silence.skill) {
        case (let rule?, let skill?): "rule \(rule) for skill \(skill)"
        case (let rule?, nil): "rule \(rule) for every skill"
        case (nil, let skill?): "every rule for skill \(skill)"
        case (nil, nil): silence.provider == nil ? "everything" : "every rule"
        }
        return silence.provider.map { base + " on provider \($0)" } ?? base
    }

    /// An id attribute for a name (``PageController/elementID(_:prefix:)`` without a prefix).
    static func anchor(_ name: String) -> String { PageController.elementID(name, prefix: "") }
}
