/// How long a silence made on the Skills page lasts: a choice of lengths rather than a date typed
/// in some time zone, each within the API's 90 days (``Silence/maximumMilliseconds``).
enum SilenceLength: String, CaseIterable, Sendable {
    case hour = "1h", fourHours = "4h", day = "1d", threeDays = "3d", week = "7d", month = "30d"

    /// How long, in milliseconds.
    var milliseconds: Int64 {
        let hour: Int64 = 3_600_000
        switch self {
        case .hour: return hour
        case .fourHours: return 4 * hour
        case .day: return 24 * hour
        case .threeDays: return 72 * hour
        case .week: return 168 * hour
        case .month: return 720 * hour
        }
    }

    /// The choice in words.
    var words: String {
        switch self {
        case .hour: "1 hour"
        case .fourHours: "4 hours"
        case .day: "1 day"
        case .threeDays: "3 days"
        case .week: "7 days"
        case .month: "30 days"
        }
    }
}

/// The Skills page's names for the fields the API's silence problems name.
enum SilenceFormField {
    /// `matcher.rule` → "Rule", as the form labels it.
    static func words(_ field: String) -> String {
        switch field {
        case "matcher": "The silence"
        case "matcher.rule": "Rule"
        case "matcher.skill": "Skill"
        case "matcher.provider": "Provider"
        case "reason": "Reason"
        case "expiresAt": "Lasts"
        default: field
        }
    }
}
