import StewardCore

/// `notifications:` the webhook that receives budget warnings, escalations and digests.
enum NotificationsSection: ConfigurationSection {
    static let key = "notifications"

    /// `STEWARD_NOTIFY_WEBHOOK_URL` here and `STEWARD_DAILY_BUDGET_USD` of `autonomy:`: a near miss
    /// of either (`STEWARD_NOTIFY_WEBHOOK`) would otherwise be ignored without a word.
    static var variableFamilies: [VariableFamily] {
        [VariableFamily(prefix: "STEWARD_", unknown: "is not a Steward setting", onlyNearMisses: true)]
    }

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        var n = configuration.notifications
        node.mapping { m in
            m.read("webhookUrl", into: &n.webhookURL, as: .httpURL, environment: "STEWARD_NOTIFY_WEBHOOK_URL")
            m.read("timeoutMs", into: &n.timeoutMilliseconds, as: .integer(in: 1...60_000))
            m.read("digestHourUtc", into: &n.digestHourUTC, as: .integer(in: 0...23))
            m.read("alertIntervalSeconds", into: &n.alertIntervalSeconds, as: .integer(in: 1...604_800))
        }
        configuration.notifications = n
    }
}
