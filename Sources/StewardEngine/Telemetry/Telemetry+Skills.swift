public import StewardCore

/// Skills' fingerprints and holds (seed 004 §2a.3, §2a.2 "pause skill"): a fingerprint registered
/// at deployment, and the holds that make a skill's actions wait for a person. Each is a state row
/// written with the ledger entry that changed it.
extension Telemetry {
    /// What Steward knows of one skill: its registered fingerprint and its active holds.
    public struct SkillState: Sendable, Hashable {
        /// The skill.
        public var skill: String
        /// Its registered fingerprint, if any.
        public var fingerprint: SkillFingerprint?
        /// Its active holds.
        public var holds: [SkillHold]

        /// Its API form.
        public var json: JSONValue {
            [
                "skill": .string(skill), "fingerprint": (fingerprint.flatMap { try? JSONValueEncoder.encode($0) }) ?? .null,
                "held": .bool(!holds.isEmpty), "holds": .array(holds.compactMap { try? JSONValueEncoder.encode($0) }),
            ]
        }
    }

    /// Registers the code fingerprint of `skill`, replacing any earlier one; with `clearingHold`
    /// (a person's key), a fingerprint hold on the skill is cleared with it (they vouch for the new code).
    public func registerFingerprint(
        tenant: String, skill: String, sha256: String, version: String?, actor: String, clearingHold: Bool
    ) async throws(StoreError) -> SkillState {
        let now = clock.now()
        let fingerprint = SkillFingerprint(skill: skill, sha256: sha256, version: version, registeredAt: now, registeredBy: actor)
        var commit = StoreCommit()
        do {
            try commit.record(
                fingerprint, tenant: tenant, row: DocumentKey(SkillFingerprint.collection, skill), kind: "skill.fingerprint_registered",
                subject: "skill:\(skill)", actor: actor, at: now, revision: revision)
        } catch {
            throw StoreError(.invalid, operation: "register the fingerprint of \(skill)", reason: error.description)
        }
        let holdID = SkillHold.id(skill: skill, cause: "fingerprint")
        // Only a person's registration lifts a mismatch hold: an agent must not vouch for the code it flagged.
        if clearingHold, let held = try await store.projection(tenant: tenant, collection: SkillHold.collection, id: holdID) {
            try clear(held, reason: "fingerprint re-registered", actor: actor, now: now, into: &commit)
        }
        _ = try await store.commit(commit)
        return try await skillState(tenant: tenant, skill: skill)
    }

    /// Clears the holds of `skill` (those of `cause` only, when given); the holds cleared.
    public func clearHolds(tenant: String, skill: String, cause: String?, reason: String?, actor: String) async throws(StoreError) -> [SkillHold] {
        let now = clock.now()
        var commit = StoreCommit()
        var cleared: [SkillHold] = []
        for row in try await holdRows(tenant: tenant, skill: skill) {
            guard let hold = try? JSONValueDecoder.decode(SkillHold.self, from: row.body), cause == nil || hold.cause == cause else { continue }
            try clear(row, reason: reason ?? "cleared by an operator", actor: actor, now: now, into: &commit)
            cleared.append(hold)
        }
        if !commit.drafts.isEmpty { _ = try await store.commit(commit) }
        return cleared
    }

    /// Adds the removal of a hold row and its `skill.hold_cleared` entry to `commit`.
    func clear(_ row: ProjectionDocument, reason: String, actor: String, now: Timestamp, into commit: inout StoreCommit) throws(StoreError) {
        commit.projections.append(.remove(tenant: row.tenant, collection: SkillHold.collection, id: row.id))
        commit.preconditions.append(ProjectionPrecondition(tenant: row.tenant, collection: SkillHold.collection, id: row.id, expectedVersion: row.version))
        let skill = row.body["skill"]?.stringValue ?? row.id
        do {
            commit.drafts.append(try LedgerDraft(
                tenant: row.tenant, ts: now, kind: "skill.hold_cleared", subject: "skill:\(skill)", actor: actor,
                payload: ["hold": row.body, "reason": .string(reason)], configRevision: revision))
        } catch {
            throw StoreError(.invalid, operation: "clear a hold of \(skill)", reason: error.description)
        }
    }

    /// Adds a hold row and its `skill.held` entry to `commit`.
    func place(_ hold: SkillHold, tenant: String, actor: String, into commit: inout StoreCommit) throws(StoreError) {
        do {
            try commit.record(
                hold, tenant: tenant, row: DocumentKey(SkillHold.collection, hold.id), status: "held", ref: hold.skill, kind: "skill.held",
                subject: "skill:\(hold.skill)", actor: actor, at: hold.since, revision: revision)
        } catch {
            throw StoreError(.invalid, operation: "hold skill \(hold.skill)", reason: error.description)
        }
    }

    /// One skill's state.
    public func skillState(tenant: String, skill: String) async throws(StoreError) -> SkillState {
        let row = try await store.projection(tenant: tenant, collection: SkillFingerprint.collection, id: skill)
        let holds = try await activeHolds(tenant: tenant, skill: skill)
        return SkillState(skill: skill, fingerprint: row.flatMap { try? JSONValueDecoder.decode(SkillFingerprint.self, from: $0.body) }, holds: holds)
    }

    /// The skill's holds in force now: one indexed read (what `GET /v1/route` adds to its answer).
    public func activeHolds(tenant: String, skill: String) async throws(StoreError) -> [SkillHold] {
        let now = clock.now()
        return try await holdRows(tenant: tenant, skill: skill)
            .compactMap { try? JSONValueDecoder.decode(SkillHold.self, from: $0.body) }.filter { $0.isActive(at: now) }
    }

    /// Every skill Steward knows (configured, reporting, fingerprinted or held), in name order.
    public func skillStates(tenant: String) async throws(StoreError) -> [SkillState] {
        let now = clock.now()
        var fingerprints: [String: SkillFingerprint] = [:]
        for row in try await allRows(tenant: tenant, collection: SkillFingerprint.collection) {
            if let f = try? JSONValueDecoder.decode(SkillFingerprint.self, from: row.body) { fingerprints[f.skill] = f }
        }
        var holds: [String: [SkillHold]] = [:]
        for row in try await allRows(tenant: tenant, collection: SkillHold.collection) {
            if let h = try? JSONValueDecoder.decode(SkillHold.self, from: row.body), h.isActive(at: now) { holds[h.skill, default: []].append(h) }
        }
        let names = Set(settings.skills).union(try await store.executionSkills(tenant: tenant)).union(fingerprints.keys).union(holds.keys)
        return names.sorted().map { SkillState(skill: $0, fingerprint: fingerprints[$0], holds: holds[$0] ?? []) }
    }

    /// The hold rows of one skill (active or lapsed).
    func holdRows(tenant: String, skill: String) async throws(StoreError) -> [ProjectionDocument] {
        try await store.projections(ProjectionQuery(tenant: tenant, collection: SkillHold.collection, ref: skill, limit: 500))
    }

    func allRows(tenant: String, collection: String) async throws(StoreError) -> [ProjectionDocument] {
        try await store.allProjections(ProjectionQuery(tenant: tenant, collection: collection, limit: 500))
    }

    /// The fingerprint mismatches of a stored batch, with the entries and holds they cause added
    /// to `commit` (holds only under `requireApproval`, and not again while one stands).
    func checkFingerprints(_ records: [SkillExecution], tenant: String, now: Timestamp, into commit: inout StoreCommit) async throws(StoreError) -> [FingerprintMismatch] {
        let skills = Set(records.lazy.filter { $0.skillFingerprint != nil }.map(\.skillName))
        guard !skills.isEmpty else { return [] }
        let keys = skills.sorted().flatMap {
            [DocumentKey(SkillFingerprint.collection, $0), DocumentKey(SkillHold.collection, SkillHold.id(skill: $0, cause: "fingerprint"))]
        }
        let rows = try await store.projections(tenant: tenant, keys: keys)
        var registered: [String: SkillFingerprint] = [:]
        for row in rows where row.collection == SkillFingerprint.collection {
            if let f = try? JSONValueDecoder.decode(SkillFingerprint.self, from: row.body) { registered[f.skill] = f }
        }
        let held = Set(rows.filter { $0.collection == SkillHold.collection }.compactMap { $0.body["skill"]?.stringValue })
        let mismatches = FingerprintMismatch.find(in: records, registered: registered)
        for mismatch in mismatches {
            do {
                commit.drafts.append(try LedgerDraft(
                    tenant: tenant, ts: now, kind: "skill.fingerprint_mismatch", subject: "skill:\(mismatch.skill)", actor: "steward",
                    payload: mismatch.json, configRevision: revision))
            } catch {
                throw StoreError(.invalid, operation: "record a fingerprint mismatch of \(mismatch.skill)", reason: error.description)
            }
            if settings.fingerprintMismatch == .requireApproval && !held.contains(mismatch.skill) {
                try place(.fingerprint(mismatch, at: now), tenant: tenant, actor: "steward", into: &commit)
            }
        }
        return mismatches
    }
}
