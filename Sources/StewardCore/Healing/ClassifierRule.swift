/// One rule of the incident classifier: when `condition` holds for a problem signal, the incident
/// gets `classification`. Rules are tried in order; the first that holds decides.
public struct ClassifierRule: Sendable, Hashable, Codable {
    /// A name the incident records as the rule that fired.
    public var name: String
    /// A CEL condition over the signal and what Steward knows around it (see ``ClassifierFacts``).
    public var condition: String
    /// The class it assigns.
    public var classification: Classification

    private enum CodingKeys: String, CodingKey { case name, condition = "when", classification }

    /// Creates a rule.
    public init(name: String, condition: String, classification: Classification) {
        self.name = name
        self.condition = condition
        self.classification = classification
    }

    /// The rules of seed 001 §4 in its order. Two choices the seed leaves open: a conflict is a
    /// `conflictId` or one directive claimed by two or more agents within the claim window; "a
    /// single failure with a healthy history" applies only when no more specific rule fired,
    /// so that a CONFIG_MISSING after a calm week is still a CONFIG incident.
    public static let seedRules: [ClassifierRule] = [
        ClassifierRule(
            name: "conflict", condition: #"context.conflictId != "" || directive.claimants >= 2"#, classification: .conflict),
        ClassifierRule(
            name: "transient-error", condition: #"context.errorCode in ["TIMEOUT", "RATE_LIMIT", "TEMP_NETWORK"]"#,
            classification: .transient),
        ClassifierRule(
            name: "capacity", condition: "context.queueDepth > 5 || metrics.backlogAgeMinutes > slo.backlogMinutes",
            classification: .capacity),
        ClassifierRule(
            name: "data-dependency", condition: #"context.errorCode in ["INPUT_MISSING", "STALE_DATA"] || dependency.failing"#,
            classification: .dataDependency),
        ClassifierRule(
            name: "config", condition: #"context.errorCode in ["CONFIG_MISSING", "AUTH_FAILED"] || size(context.missingSecrets) > 0"#,
            classification: .config),
        ClassifierRule(
            name: "single-failure", condition: #"status == "error" && history.recentFailures == 1 && history.healthyStreak >= 3"#,
            classification: .transient),
        ClassifierRule(name: "error-fallback", condition: #"status == "error""#, classification: .transient),
        ClassifierRule(name: "fallback", condition: "true", classification: .capacity),
    ]
}
