/// The daily alert digest (seed 004 §2a.2 "Summary of anomalies from last 24h"): the alerts of a
/// period grouped by cause, critical first, with what was paged, folded and silenced.
public struct AlertDigest: Sendable, Hashable {
    /// The tenant.
    public var tenant: String
    /// The start of the period covered, [from, to).
    public var from: Timestamp
    /// Its end, exclusive.
    public var to: Timestamp
    /// One line per alert group.
    public var lines: [Line]
    /// Incident escalations of the period that did not page: the daily cap
    /// (`AUTOREM_MAX_ESCALATIONS_PER_DAY`) was reached, so the digest is where they are told.
    public var unpagedEscalations: [UnpagedEscalation] = []
    /// Actions the gate held for a person whose escalation did not page (the same cap), still
    /// waiting when the digest was made: past the cap the digest is where they are told.
    public var unpagedActions: [UnpagedAction] = []

    /// An action waiting for a person that the daily cap kept from paging.
    public struct UnpagedAction: Sendable, Hashable {
        public var id: String
        public var type: String
        public var agent: String
        public var account: String?
        public var reason: String
        public var since: Timestamp

        /// One.
        public init(id: String, type: String, agent: String, account: String?, reason: String, since: Timestamp) {
            (self.id, self.type, self.agent, self.account, self.reason, self.since) = (id, type, agent, account, reason, since)
        }
    }

    /// An escalation the daily cap kept from paging.
    public struct UnpagedEscalation: Sendable, Hashable {
        public var id: String
        public var agent: String
        public var incident: String
        public var summary: String
        public var at: Timestamp

        /// One.
        public init(id: String, agent: String, incident: String, summary: String, at: Timestamp) {
            (self.id, self.agent, self.incident, self.summary, self.at) = (id, agent, incident, summary, at)
        }
    }

    /// One alert group's share of the period.
    public struct Line: Sendable, Hashable {
        /// The rule's id.
        public var rule: String
        /// The rule's event.
        public var event: String
        /// The rule's severity.
        public var severity: AlertRule.Severity
        /// The skill of the group, if any.
        public var skill: String?
        /// The provider of the group, if any.
        public var provider: String?
        /// Alerts raised.
        public var count: Int
        /// Of which paged.
        public var paged: Int
        /// Of which folded into a later page.
        public var folded: Int
        /// Of which silenced.
        public var silenced: Int
        /// Of which inhibited by a broader cause's alert.
        public var inhibited: Int = 0
        /// The newest alert's summary.
        public var lastSummary: String
        /// The newest alert's time.
        public var lastAt: Timestamp
    }

    /// The digest of `records` (any order) that fall in [from, to).
    public static func of(_ records: [AlertRecord], tenant: String, from: Timestamp, to: Timestamp) -> AlertDigest {
        var lines: [String: Line] = [:]
        for r in records.sorted(by: { $0.at < $1.at }) where r.at >= from && r.at < to {
            var line = lines[r.group] ?? Line(
                rule: r.rule, event: r.event, severity: r.severity, skill: r.skill, provider: r.provider, count: 0, paged: 0, folded: 0,
                silenced: 0, lastSummary: r.summary, lastAt: r.at)
            line.count += 1
            switch r.outcome {
            case .paged: line.paged += 1
            case .folded: line.folded += 1
            case .silenced: line.silenced += 1
            case .inhibited: line.inhibited += 1
            case .digest, .resolved: break
            }
            line.lastSummary = r.summary
            line.lastAt = r.at
            lines[r.group] = line
        }
        let ordered = lines.values.sorted {
            ($0.severity == .critical ? 0 : 1, -$0.count, $0.rule, $0.skill ?? $0.provider ?? "")
                < ($1.severity == .critical ? 0 : 1, -$1.count, $1.rule, $1.skill ?? $1.provider ?? "")
        }
        return AlertDigest(tenant: tenant, from: from, to: to, lines: ordered)
    }

    /// Critical alerts in the period.
    public var critical: Int { lines.filter { $0.severity == .critical }.reduce(0) { $0 + $1.count } }
    /// Warning alerts in the period.
    public var warning: Int { lines.filter { $0.severity == .warning }.reduce(0) { $0 + $1.count } }

    /// Its JSON form.
    public var json: JSONValue {
        [
            "tenant": .string(tenant), "from": .string(from.rfc3339), "to": .string(to.rfc3339),
            "totals": [
                "critical": .int(Int64(critical)), "warning": .int(Int64(warning)), "groups": .int(Int64(lines.count)),
                "unpagedEscalations": .int(Int64(unpagedEscalations.count)), "unpagedActions": .int(Int64(unpagedActions.count)),
            ],
            "unpagedActions": .array(unpagedActions.map { a in
                [
                    "id": .string(a.id), "type": .string(a.type), "agent": .string(a.agent), "account": a.account.map(JSONValue.string) ?? .null,
                    "reason": .string(a.reason), "since": .string(a.since.rfc3339),
                ]
            }),
            "unpagedEscalations": .array(unpagedEscalations.map { e in
                [
                    "id": .string(e.id), "agent": .string(e.agent), "incident": .string(e.incident), "summary": .string(e.summary),
                    "at": .string(e.at.rfc3339),
                ]
            }),
            "alerts": .array(lines.map { l in
                [
                    "rule": .string(l.rule), "event": .string(l.event), "severity": .string(l.severity.rawValue),
                    "skill": l.skill.map(JSONValue.string) ?? .null, "provider": l.provider.map(JSONValue.string) ?? .null,
                    "count": .int(Int64(l.count)), "paged": .int(Int64(l.paged)), "folded": .int(Int64(l.folded)),
                    "silenced": .int(Int64(l.silenced)), "inhibited": .int(Int64(l.inhibited)), "lastSummary": .string(l.lastSummary), "lastAt": .string(l.lastAt.rfc3339),
                ]
            }),
        ]
    }

    /// Its Markdown form: a heading, the totals and a table of groups.
    public var markdown: String {
        var out = "# Steward alert digest — \(tenant)\n\n"
        out += "\(from.rfc3339) to \(to.rfc3339): \(critical) critical, \(warning) warning alert\(critical + warning == 1 ? "" : "s") in \(lines.count) group\(lines.count == 1 ? "" : "s").\n\n"
        if !unpagedEscalations.isEmpty {
            out += "## \(unpagedEscalations.count) escalation\(unpagedEscalations.count == 1 ? "" : "s") not paged (the daily cap was reached)\n\n"
            for e in unpagedEscalations {
                out += "- \(e.at.rfc3339) \(e.id), agent \(e.agent), incident \(e.incident): \(e.summary) (waits in GET /v1/escalations)\n"
            }
            out += "\n"
        }
        if !unpagedActions.isEmpty {
            out += "## \(unpagedActions.count) action\(unpagedActions.count == 1 ? "" : "s") waiting for a person, not paged (the daily cap was reached)\n\n"
            for a in unpagedActions {
                let account = a.account.map { ", account \($0)" } ?? ""
                out += "- since \(a.since.rfc3339) \(a.id): \(a.type) by \(a.agent)\(account), \(a.reason) "
                    + "(POST /v1/actions/\(a.id)/approve or /reject)\n"
            }
            out += "\n"
        }
        guard !lines.isEmpty else { return out + "No alerts in this period.\n" }
        out += "| Severity | Event | Skill / provider | Alerts | Paged | Folded | Silenced | Inhibited | Latest |\n"
        out += "|---|---|---|---|---|---|---|---|---|\n"
        for l in lines {
            let cells = [
                l.severity.rawValue, l.event, l.skill ?? l.provider ?? "—", String(l.count), String(l.paged), String(l.folded),
                String(l.silenced), String(l.inhibited), "\(l.lastAt.rfc3339): \(l.lastSummary)",
            ]
            out += "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
