/// A circuit-breaker rule in the shape of seed 002: a CEL condition over the outcomes of a
/// sliding window, and what tripping does.
public struct BreakerRule: Sendable, Hashable, Codable {
    /// The rule's name, as operators see it ("High Error Rate").
    public var name: String
    /// Whether it is evaluated at all.
    public var enabled: Bool
    /// A CEL condition over `BreakerVariables` (`errorRate > 0.05`).
    public var condition: String
    /// The sliding window the condition's figures cover.
    public var window: WindowDuration
    /// What tripping does.
    public var action: BreakerAction
    /// How loudly the trip is announced.
    public var alertSeverity: AlertSeverity
    /// Outcomes the window must hold before a rate can trip (a rate of 1 failure in 1 is noise).
    public var minimumCalls: Int
    /// Person-approved probes that must succeed in half-open before the breaker closes.
    public var probes: Int
    /// How long the breaker stays open before it lets probes through.
    public var openSeconds: Int
    /// Whether a paused action type is refused (BLOCK) rather than sent to a person.
    public var blocks: Bool
    /// Shadow mode: the rule trips, records and alerts, but holds nothing back.
    public var shadow: Bool
    /// The action types whose outcomes the rule watches; empty means all.
    public var actionTypes: [String]

    /// Creates a rule; the defaults follow resilience4j's spirit at a fleet's scale.
    public init(
        name: String, enabled: Bool = true, condition: String, window: WindowDuration, action: BreakerAction,
        alertSeverity: AlertSeverity, minimumCalls: Int = 10, probes: Int = 3, openSeconds: Int = 300, blocks: Bool = false,
        shadow: Bool = false, actionTypes: [String] = []
    ) {
        self.name = name
        self.enabled = enabled
        self.condition = condition
        self.window = window
        self.action = action
        self.alertSeverity = alertSeverity
        self.minimumCalls = minimumCalls
        self.probes = probes
        self.openSeconds = openSeconds
        self.blocks = blocks
        self.shadow = shadow
        self.actionTypes = actionTypes
    }

    /// The rule's identifier in URLs and rows: its name in lower case, words joined by `-`.
    public var id: String { Self.slug(name) }

    /// Whether tripping only alerts (the `alert_only` action, or any rule in shadow mode).
    public var alertsOnly: Bool { action == .alertOnly || shadow }

    /// Whether the rule watches outcomes of `type`.
    public func watches(_ type: String) -> Bool { actionTypes.isEmpty || actionTypes.contains(type) }

    /// `High Error Rate` → `high-error-rate`.
    public static func slug(_ name: String) -> String {
        var out = "", dash = false
        for c in name.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) {
                if dash && !out.isEmpty { out.append("-") }
                out.append(c)
                dash = false
            } else {
                dash = true
            }
        }
        return out
    }

    /// The four default rules of seed 002 (its `===` written as CEL's `==`).
    public static let seedRules: [BreakerRule] = [
        BreakerRule(
            name: "High Error Rate", condition: "errorRate > 0.05", window: .minutes(5), action: .revertToL3, alertSeverity: .critical),
        BreakerRule(
            name: "Repeated Command Failures", condition: "commandType.failures >= 3", window: .minutes(5), action: .pauseCommandType,
            alertSeverity: .high),
        BreakerRule(
            name: "Critical Incident Detected", condition: "incident.severity == \"critical\"", window: .minutes(1), action: .revertToL3,
            alertSeverity: .critical),
        BreakerRule(
            name: "High Rollback Rate", condition: "rollbackRate > 0.1", window: .minutes(15), action: .alertOnly, alertSeverity: .medium),
    ]
}

/// What a tripped breaker does: lower autonomy, never fail work.
public enum BreakerAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// The tenant falls back to L3: every action needs a person.
    case revertToL3 = "revert_to_l3"
    /// The action type that tripped it needs a person (or is refused, when the rule blocks).
    case pauseCommandType = "pause_command_type"
    /// Only an alert.
    case alertOnly = "alert_only"
}

/// How urgent an alert is.
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Informational.
    case low
    /// Look today.
    case medium
    /// Look now.
    case high
    /// Page.
    case critical

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: AlertSeverity, b: AlertSeverity) -> Bool { a.rank < b.rank }
}

/// A duration written as `30s`, `5m`, `1h` or `2d`.
public struct WindowDuration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Its length in seconds.
    public var seconds: Int

    /// A duration of `seconds`.
    public init(seconds: Int) { self.seconds = seconds }

    /// A duration of `minutes`.
    public static func minutes(_ minutes: Int) -> WindowDuration { WindowDuration(seconds: minutes * 60) }

    /// Parses `30s`, `5m`, `1h`, `2d`; nil for anything else, zero or more than 30 days.
    public init?(parsing text: String) {
        guard let unit = text.last, let n = Int(text.dropLast()), n > 0 else { return nil }
        let factor: Int
        switch unit {
        case "s": factor = 1
        case "m": factor = 60
        case "h": factor = 3600
        case "d": factor = 86_400
        default: return nil
        }
        guard n <= 30 * 86_400 / factor else { return nil }
        seconds = n * factor
    }

    /// The shortest exact spelling.
    public var description: String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = WindowDuration(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a duration such as 5m: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
