/// The words of a page, for Slack-compatible webhooks: a one-line `text` and `blocks` with the
/// facts an operator acts on.
public enum AlertMessage {
    /// The one-line text of a page.
    public static func text(_ alert: Alert, repeats: Int) -> String {
        var line = "\(alert.rule.severity == .critical ? "🔴 CRITICAL" : "🟠 WARNING") \(alert.rule.event)"
        if let skill = alert.skill { line += " — skill \(skill)" } else if let provider = alert.provider { line += " — provider \(provider)" }
        line += ": \(alert.summary)"
        if repeats > 0 { line += " (+\(repeats) repeat\(repeats == 1 ? "" : "s") since the last page)" }
        return line
    }

    /// Slack blocks: the text as a section, then the rule, group and time as context.
    public static func blocks(_ alert: Alert, repeats: Int) -> JSONValue {
        let context = "rule `\(alert.rule.id)` · tenant `\(alert.tenant)` · \(alert.at.rfc3339)"
        return [
            ["type": "section", "text": ["type": "mrkdwn", "text": .string(text(alert, repeats: repeats))]],
            ["type": "context", "elements": [["type": "mrkdwn", "text": .string(context)]]],
        ]
    }
}
