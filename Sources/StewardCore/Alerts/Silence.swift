/// A silence (seed 004 §2a.2 noise control): alerts it matches are recorded but not paged, until
/// it expires or is deleted.
public struct Silence: Sendable, Hashable, Codable {
    /// Its id (`sil_...`).
    public var id: String
    /// The rule it silences; nil: any rule.
    public var rule: String?
    /// The skill it silences; nil: any skill.
    public var skill: String?
    /// The provider it silences (quota and vendor alerts name one), compared without case; nil: any.
    public var provider: String?
    /// The circuit breaker whose notifications it silences (`*`: every breaker); such a silence
    /// matches breaker notifications only, never a telemetry alert.
    public var breaker: String?
    /// Why, for the people who see it.
    public var reason: String
    /// When it stops silencing.
    public var expiresAt: Timestamp
    /// When it was created.
    public var createdAt: Timestamp
    /// Who created it (a key id).
    public var createdBy: String
    /// When an operator ended it before its expiry (`DELETE`); nil while it runs to `expiresAt`.
    public var endedAt: Timestamp?
    /// Who ended it (a key id).
    public var endedBy: String?

    /// How far ahead a silence may expire: 90 days. A longer one would be a permanent silence of a
    /// page rule in all but name; renew it instead.
    public static let maximumMilliseconds: Int64 = 90 * 86_400_000

    /// A silence.
    public init(
        id: String, rule: String?, skill: String?, provider: String? = nil, breaker: String? = nil, reason: String, expiresAt: Timestamp,
        createdAt: Timestamp, createdBy: String
    ) {
        self.breaker = breaker
        self.id = id
        self.rule = rule
        self.skill = skill
        self.provider = provider
        self.reason = reason
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// Whether it still silences at `now`: not expired and not ended.
    public func isActive(at now: Timestamp) -> Bool { now < expiresAt && endedAt == nil }

    /// Whether it silences `alert` at `now`.
    public func matches(_ alert: Alert, at now: Timestamp) -> Bool {
        breaker == nil && isActive(at: now) && (rule.map { $0 == alert.rule.id } ?? true) && (skill.map { $0 == alert.skill } ?? true)
            && (provider.map { $0.lowercased() == alert.provider?.lowercased() } ?? true)
    }

    /// Whether it silences the notifications of breaker `id` at `now`.
    public func matchesBreaker(_ id: String, at now: Timestamp) -> Bool {
        isActive(at: now) && (breaker == "*" || breaker == id)
    }

    /// Every problem with a silence's fields (named as the API names them), against the known
    /// rule ids and the time now.
    ///
    /// `breakers`, when given, are the configured breaker rules' ids a `breaker` matcher may name
    /// (itself, or `rule:type` for one of its per-type breakers).
    public static func problems(
        rule: String?, skill: String?, provider: String? = nil, breaker: String? = nil, reason: String?, expiresAt: Timestamp?, now: Timestamp,
        rules: [AlertRule], breakers: Set<String>? = nil
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if rule == nil && skill == nil && provider == nil && breaker == nil {
            problems.append(FieldProblem(
                field: "matcher", reason: "must name a rule, a skill, a provider or several, or a breaker; a silence of everything is not allowed"))
        }
        if let breaker {
            if breaker.isEmpty {
                problems.append(FieldProblem(field: "matcher.breaker", reason: "must be a breaker id, or * for every breaker"))
            } else if let breakers, breaker != "*", !breakers.contains(String(breaker.prefix { $0 != ":" })) {
                let known = breakers.sorted().joined(separator: ", ")
                problems.append(FieldProblem(
                    field: "matcher.breaker",
                    reason: "names no configured breaker: '\(breaker)'; known: \(known.isEmpty ? "none" : known), or * for every breaker"))
            }
            if rule != nil || skill != nil || provider != nil {
                problems.append(FieldProblem(
                    field: "matcher.breaker", reason: "silences breaker notifications and cannot be combined with rule, skill or provider"))
            }
        }
        if let rule, !rules.contains(where: { $0.id == rule }) {
            problems.append(FieldProblem(field: "matcher.rule", reason: "must be one of \(rules.map(\.id).joined(separator: ", ")), got '\(rule)'"))
        }
        // Held to the rules of the names executions carry: a silence of a name no record can have would never match.
        if let skill, let problem = FieldChecks.nameProblem(skill) { problems.append(FieldProblem(field: "matcher.skill", reason: problem)) }
        if let provider, let problem = FieldChecks.nameProblem(provider) { problems.append(FieldProblem(field: "matcher.provider", reason: problem)) }
        if reason?.allSatisfy(\.isWhitespace) ?? true {
            problems.append(FieldProblem(field: "reason", reason: "is required"))
        }
        if let expiresAt, expiresAt <= now {
            problems.append(FieldProblem(field: "expiresAt", reason: "must be in the future (now is \(now.rfc3339))"))
        } else if let expiresAt, expiresAt > now.adding(milliseconds: maximumMilliseconds) {
            let latest = now.adding(milliseconds: maximumMilliseconds).rfc3339
            problems.append(FieldProblem(field: "expiresAt", reason: "must be at most 90 days ahead (no later than \(latest)); renew a silence that must last longer"))
        }
        return problems
    }

    /// The first of `silences` that matches `alert` at `now`.
    public static func first(in silences: [Silence], matching alert: Alert, at now: Timestamp) -> Silence? {
        silences.first { $0.matches(alert, at: now) }
    }
}
