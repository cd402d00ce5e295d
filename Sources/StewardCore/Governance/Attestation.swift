/// A person's signed-off claim that a checklist item holds, with evidence, valid until it expires.
public struct Attestation: Sendable, Hashable, Codable {
    /// The checklist item's key, e.g. `process.runbooks`.
    public var key: String
    /// Who attested.
    public var by: String
    /// When.
    public var at: Timestamp
    /// A link to the evidence (a runbook, a training record, a sign-off).
    public var evidence: String
    /// Anything the attester added.
    public var note: String?
    /// When it stops counting; claims about people and processes go stale.
    public var expiresAt: Timestamp

    /// Creates an attestation.
    public init(key: String, by: String, at: Timestamp, evidence: String, note: String? = nil, expiresAt: Timestamp) {
        self.key = key
        self.by = by
        self.at = at
        self.evidence = evidence
        self.note = note
        self.expiresAt = expiresAt
    }

    /// Whether it counts at `now`: made by then and not yet expired.
    public func isValid(at now: Timestamp) -> Bool { at <= now && now < expiresAt }

    /// Whether an item with this attestation passes at `now`, and a sentence saying why.
    ///
    /// Of several attestations for `key`, the valid one made last decides; with none valid, the
    /// one that expired last is named. Attestations dated after `now` are not yet made.
    static func standing(of key: String, in attestations: [Attestation], now: Timestamp) -> (passed: Bool, details: String) {
        let made = attestations.filter { $0.key == key && $0.at <= now }
        if let valid = made.filter({ $0.isValid(at: now) }).max(by: { $0.at < $1.at }) {
            var details = "attested by \(valid.by) on \(valid.at.utcDay), evidence \(valid.evidence), expires \(valid.expiresAt.utcDay)"
            if let note = valid.note, !note.isEmpty { details += " (\(note))" }
            return (true, details)
        }
        if let lapsed = made.max(by: { $0.expiresAt < $1.expiresAt }) {
            return (false, "attestation by \(lapsed.by) expired on \(lapsed.expiresAt.utcDay)")
        }
        return (false, "no attestation")
    }
}
