/// A pause on a skill (seed 004 §2a.2 "pause skill", §2a.3): while it is active, every action
/// proposed for the skill needs a person's approval. The gate weighs it as an open breaker that
/// sends actions to a person, and names it as the skill's hold (`SKILL_HELD`) with its reason.
public struct SkillHold: Sendable, Hashable, Codable {
    /// The skill held.
    public var skill: String
    /// Why, as a key: `fingerprint`, or `quota:<provider>`.
    public var cause: String
    /// Why, in a sentence.
    public var reason: String
    /// When it began.
    public var since: Timestamp
    /// When it ends by itself (a quota's reset); nil: until an operator clears it.
    public var until: Timestamp?

    /// A hold.
    public init(skill: String, cause: String, reason: String, since: Timestamp, until: Timestamp? = nil) {
        self.skill = skill
        self.cause = cause
        self.reason = reason
        self.since = since
        self.until = until
    }

    /// The hold a fingerprint mismatch places.
    public static func fingerprint(_ mismatch: FingerprintMismatch, at now: Timestamp) -> SkillHold {
        SkillHold(
            skill: mismatch.skill, cause: "fingerprint",
            reason: "skill \(mismatch.skill) reported fingerprint \(mismatch.observed[0].prefix(12))… instead of the registered \(mismatch.registered.prefix(12))…",
            since: now)
    }

    /// The hold an exhausted provider quota places until the quota resets.
    public static func quota(skill: String, status: QuotaStatus, at now: Timestamp) -> SkillHold {
        SkillHold(
            skill: skill, cause: "quota:\(status.provider)",
            reason: "the \(status.provider) free-tier quota is exhausted (\(status.usedToday) of \(status.dailyLimit) \(status.unit.rawValue)) until \(status.resetsAt.rfc3339)",
            since: now, until: status.resetsAt)
    }

    /// Its state row id: one hold per skill and cause.
    public var id: String { Self.id(skill: skill, cause: cause) }

    /// The state row id of the hold of `skill` for `cause`.
    public static func id(skill: String, cause: String) -> String { skill + "|" + cause }

    /// Whether it holds at `now`.
    public func isActive(at now: Timestamp) -> Bool { until.map { now < $0 } ?? true }

    /// What the gate weighs for it: actions go to a person, not refused.
    public var breaker: OpenBreaker { .hold(skill: skill, reason: "\(reason) (cause \(cause), since \(since.rfc3339))") }
}

/// Which skill an action proposal acts for: `params.skill` when it is a string, otherwise the
/// proposing agent's name (an agent that is one skill need not say so).
public enum ProposalSkill {
    /// The skill of `proposal`.
    public static func of(_ proposal: ActionProposal) -> String {
        if case .string(let skill)? = proposal.params["skill"], !skill.isEmpty { return skill }
        return proposal.agent
    }
}

extension SkillHold {
    /// The state rows of holds: id `<skill>|<cause>`, ref the skill, status `held`.
    public static let collection = "skill_holds"
}

extension SkillFingerprint {
    /// The state rows of registered fingerprints, by skill.
    public static let collection = "skill_fingerprints"
}
