/// The clause a decision held by a skill's hold cites: `skills.<skill>.holds`, where
/// `GET /v1/skills/{skill}` lists them (no breaker of `GET /v1/breakers`).
public enum SkillHoldClause {
    static let prefix = "skills."
    static let suffix = ".holds"

    /// The clause for the holds of `skill`.
    public static func of(_ skill: String) -> String { prefix + skill + suffix }

    /// The skill a clause names, or nil when it is not a hold's clause.
    public static func skill(in clause: String) -> String? {
        guard clause.hasPrefix(prefix), clause.hasSuffix(suffix), clause.count > prefix.count + suffix.count else { return nil }
        return String(clause.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
