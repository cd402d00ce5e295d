import Foundation

extension AccountDigest {
    /// The digest as Markdown for a seller's inbox: one section per kind of item, then the totals.
    public func markdown() -> String {
        var lines = ["# Daily digest — \(account), \(date)", ""]
        lines.append("Tenant \(tenant). Generated \(generatedAt.rfc3339). Times are UTC.")
        for (title, items) in [
            ("What autopilot did", autopilot), ("Approved by a person and run", approved), ("Waiting for you", awaiting), ("Deferred", deferred),
            ("Blocked", blocked),
        ] {
            lines.append("")
            lines.append("## \(title)")
            lines.append("")
            lines.append(contentsOf: items.isEmpty ? ["Nothing."] : items.map(line))
        }
        lines.append("")
        lines.append(
            "**Totals:** \(totals.autopilot) by autopilot, \(totals.approved) approved, \(totals.awaiting) waiting, \(totals.deferred) deferred, "
                + "\(totals.blocked) blocked; \(totals.executed) executed, "
                + String(describing: FormattedUsd(totals.chargedUsd)) + " charged.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One list item: type, agent, time, explanation, then status and outcome.
    private func line(_ item: DigestItem) -> String {
        var text = "- **\(item.type)** by \(item.agent) at \(time(item.at)) — \(Self.oneLine(item.explanation))"
        var notes = [item.status]
        if let until = item.deferUntil { notes.append("until \(time(until))") }
        if let outcome = item.outcome { notes.append(outcome.rawValue) }
        text += " (" + notes.joined(separator: ", ") + ")"
        return text
    }

    /// The time of day alone when it falls on the digest's day; the full date otherwise, since
    /// a waiting item may be days old and a deferral may reach into tomorrow.
    private func time(_ at: Timestamp) -> String {
        let stamp = at.rfc3339
        let clock = String(stamp.dropFirst(11).prefix(8))
        return at.utcDay == date ? clock : "\(at.utcDay) \(clock)"
    }

    /// Explanations are free text: a line break inside one would end the list item.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
