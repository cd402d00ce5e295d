/// The SHA-256 of a skill's code as deployed (seed 004 §2a.3): executions reporting another
/// `skill_fingerprint` ran modified code.
public struct SkillFingerprint: Sendable, Hashable, Codable {
    /// The skill.
    public var skill: String
    /// The digest, 64 lowercase hex digits.
    public var sha256: String
    /// The skill's version at registration, if given.
    public var version: String?
    /// When it was registered.
    public var registeredAt: Timestamp
    /// Who registered it (a key id).
    public var registeredBy: String

    /// A registered fingerprint; `sha256` is stored lowercased.
    public init(skill: String, sha256: String, version: String? = nil, registeredAt: Timestamp, registeredBy: String) {
        self.skill = skill
        self.sha256 = sha256.lowercased()
        self.version = version
        self.registeredAt = registeredAt
        self.registeredBy = registeredBy
    }

    /// Why `text` is not a SHA-256 digest in hex, or nil when it is one.
    public static func problem(with text: String) -> String? {
        guard text.utf8.count == 64 else { return "must be 64 hex digits (a SHA-256), got \(text.utf8.count) characters" }
        guard text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }) else {
            return "must be 64 hex digits (a SHA-256), got a character outside 0-9a-f"
        }
        return nil
    }

    /// Whether an execution reporting `observed` ran this code (hex compared case-insensitively).
    public func matches(_ observed: String) -> Bool { observed.lowercased() == sha256 }
}

/// What an execution with an unregistered fingerprint leads to (steward.yaml
/// `telemetry.fingerprintMismatch`).
public enum FingerprintMismatchPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// A critical alert only.
    case alert
    /// A critical alert, and the skill's next actions need a person until an operator clears it.
    case requireApproval
}

/// One skill's executions that reported a fingerprint other than the registered one, in a batch.
public struct FingerprintMismatch: Sendable, Hashable {
    /// The skill.
    public var skill: String
    /// The registered digest.
    public var registered: String
    /// The digests reported instead, sorted.
    public var observed: [String]
    /// The first execution that reported one.
    public var executionID: String
    /// How many executions of the batch did.
    public var count: Int

    /// A mismatch.
    public init(skill: String, registered: String, observed: [String], executionID: String, count: Int) {
        self.skill = skill
        self.registered = registered
        self.observed = observed
        self.executionID = executionID
        self.count = count
    }

    /// Finds the mismatches of `records` against `registered` (by skill), one per skill, in
    /// skill order. Records without a fingerprint, or of a skill with none registered, pass.
    public static func find(in records: [SkillExecution], registered: [String: SkillFingerprint]) -> [FingerprintMismatch] {
        var found: [String: FingerprintMismatch] = [:]
        for record in records {
            guard let observed = record.skillFingerprint, let known = registered[record.skillName], !known.matches(observed) else { continue }
            let digest = observed.lowercased()
            if var m = found[record.skillName] {
                m.count += 1
                if !m.observed.contains(digest) { m.observed = (m.observed + [digest]).sorted() }
                found[record.skillName] = m
            } else {
                found[record.skillName] = FingerprintMismatch(
                    skill: record.skillName, registered: known.sha256, observed: [digest], executionID: record.executionID, count: 1)
            }
        }
        return found.keys.sorted().compactMap { found[$0] }
    }

    /// Its ledger payload.
    public var json: JSONValue {
        [
            "skill": .string(skill), "registered": .string(registered), "observed": .array(observed.map(JSONValue.string)),
            "executionId": .string(executionID), "count": .int(Int64(count)),
        ]
    }
}
