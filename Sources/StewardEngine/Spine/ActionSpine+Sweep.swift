import StewardCore

/// Periodic work of the spine, run by the replica holding the lease: expire approval requests,
/// decide deferred actions again when their time comes (and remediation steps the kill switch
/// held, once it is released), resume interrupted executions.
extension ActionSpine {
    /// What one sweep did.
    public struct SweepReport: Sendable, Hashable {
        /// Approval requests that expired.
        public var expired = 0
        /// Deferred actions decided again.
        public var redecided = 0
        /// Interrupted executions taken over.
        public var recovered = 0
    }

    /// Sweeps every tenant once. With `digestsMade` (this round made or completed digests), runs
    /// deferred until a digest told the account (`DIGEST_PENDING`) are decided again at once
    /// rather than at the end of their five minutes (QA r9 pg M1).
    public func sweep(digestsMade: Bool = false) async throws(SpineError) -> SweepReport {
        var report = SweepReport()
        let tenants: [String]
        do { tenants = try await store.tenants() } catch { throw .store(error) }
        let now = clock.now()
        for tenant in tenants where !tenant.hasPrefix("_") {
            // Every round looks at every waiting row: only its times and reason are read here,
            // and `expire` and `redecide` read the action itself again before they change it.
            var released: Bool?
            for row in try await rows(tenant: tenant, status: .pendingApproval) {
                if Self.time(row.body["expiresAt"]).map({ $0 <= now }) == true {
                    if try await expire(row.id, tenant: tenant) { report.expired += 1 }
                } else if row.body["decision"]?["reason"] == .string(Self.killSwitchReason), row.body["proposal"]?["trigger"] == "remediation" {
                    if released == nil { released = !(try await state.tenantAutonomy(tenant).killSwitch.engaged) }
                    if released == true, try await redecide(row.id, tenant: tenant) { report.redecided += 1 }
                }
            }
            for row in try await rows(tenant: tenant, status: .deferred) {
                let due = Self.time(row.body["decision"]?["deferUntil"]).map({ $0 <= now }) == true
                    || (digestsMade && row.body["decision"]?["reason"] == .string(Gate.digestPendingReason))
                if due, try await redecide(row.id, tenant: tenant) {
                    report.redecided += 1
                }
            }
            report.recovered += try await recoverExecutions(tenant: tenant, now: now)
        }
        return report
    }

    /// How long past its executor's longest possible run an execution may go without a recorded
    /// result before it counts as interrupted: time for the result's own commit.
    static let staleMarginMs: Int64 = 60_000

    /// Applies the action type's expiry decision to a request nobody answered.
    ///
    /// An expiry that approves runs the action with no person, so it is held to what the gate
    /// holds for autopilot (``ExpiryHold``), charged and counted as autopilot's runs are. When it
    /// cannot run, it expires as rejected with the reason.
    func expire(_ id: String, tenant: String) async throws(SpineError) -> Bool {
        for _ in 0..<8 {
            let (record, version) = try await action(id, tenant: tenant)
            let now = clock.now()
            guard record.status == .pendingApproval, let expiry = record.expiresAt, expiry <= now else { return false }
            // A type taken out of the configuration can no longer be approved: its requests expire
            // as rejected, saying so, rather than wait forever.
            let type = rules.types[record.proposal.type]
            var t = ActionTransition(record: record, expectedVersion: version)
            t.record.updatedAt = now
            var hold: String? = type == nil ? "its type \(record.proposal.type) is no longer configured" : nil
            var reading: GateReading?
            if let type, type.approval.onExpiry == .approve {
                let read = try await state.reading(for: record.proposal, type: type, now: now)
                hold = ExpiryHold.reason(type: type, input: read.input, settings: rules.gate)
                t.preconditions.append(read.autonomyUnchanged(tenant: tenant))
                reading = read
            }
            if let type, let reading, hold == nil {
                t.log("action.expired", ["decision": "approve"])
                chargeAsAutopilot(&t, type: type, budget: reading.budget, accountLimit: reading.input.budget.accountDailyLimit, now: now)
                start(&t, type: type, now: now, by: "steward:expiry")
            } else {
                let minutes = type?.approval.expiresAfterMinutes ?? 0
                let why = type == nil ? "expired: \(hold ?? "")"
                    : hold.map { "expired; it was to be approved on expiry but \($0)" }
                    ?? "expired after \(minutes) minute\(minutes == 1 ? "" : "s") without a decision"
                t.record.status = .rejected
                t.record.rejection = Rejection(by: "steward:expiry", at: now, reason: why)
                t.label(.ideaRejected, at: now, by: "steward:expiry", detail: why)
                t.log("action.expired", ["decision": "reject", "reason": .string(why)])
            }
            t.trackOpen(from: record.status, decidedAt: nil)
            if try await commitOrRetry(t, actor: "steward:expiry", now: now) {
                await afterCommit(t.record, decided: false, budget: hold == nil ? reading?.budget : nil)
                return true
            }
        }
        return false
    }

    /// A remediation step the kill switch sent to a person, which nobody has approved yet. Held
    /// incidents resume when the switch is released; a step proposed in the same moment (another
    /// replica engaged it) is decided again then too, instead of waiting for a person.
    static func heldOnlyByKillSwitch(_ record: ActionRecord) -> Bool {
        record.proposal.trigger == .remediation && record.decision.reason == killSwitchReason && record.approvals.isEmpty
    }

    static let killSwitchReason = "KILL_SWITCH"

    /// A stored time (RFC 3339), if the field holds one.
    static func time(_ value: JSONValue?) -> Timestamp? {
        value?.stringValue.flatMap { Timestamp(rfc3339: $0) }
    }

    /// Runs a deferred action (or a step held only by the kill switch) through the gate again, as it stands now.
    func redecide(_ id: String, tenant: String) async throws(SpineError) -> Bool {
        for _ in 0..<8 {
            let (record, version) = try await action(id, tenant: tenant)
            let now = clock.now()
            let waiting = record.status == .deferred || (record.status == .pendingApproval && Self.heldOnlyByKillSwitch(record))
            guard waiting, let type = rules.types[record.proposal.type] else { return false }
            let reading = try await state.reading(for: record.proposal, type: type, now: now)
            let input = reading.input
            // Its own open slot is not saturation against itself.
            var adjusted = input
            adjusted.activity.openActions = max(0, input.activity.openActions - 1)
            let decision = Gate.decide(adjusted, settings: rules.gate)
            var t = ActionTransition(record: record, expectedVersion: version)
            t.record.decision = decision
            t.log("action.redecided", ["input": encode(adjusted), "decision": encode(decision)])
            settle(&t, decision: decision, type: type, now: now, accountLimit: adjusted.budget.accountDailyLimit, budget: reading.budget)
            if decision.outcome == .autoExecute { t.preconditions.append(reading.autonomyUnchanged(tenant: tenant)) }
            t.trackOpen(from: record.status, decidedAt: decision.producesAction ? now : nil)
            if try await commitOrRetry(t, actor: "steward", now: now) {
                await afterCommit(t.record, decided: true, accountLimit: adjusted.budget.accountDailyLimit, budget: reading.budget)
                return true
            }
        }
        return false
    }
}
