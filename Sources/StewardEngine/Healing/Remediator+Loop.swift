import Logging
import StewardCore

extension Remediator {
    /// What a round of the loop leaves to do.
    enum Progress {
        /// Something changed; run another round.
        case again
        /// Waiting for an action, a signal, a person or a time.
        case wait
    }

    /// Runs the incident forward as far as it can go now: steps, waits, verdicts, next attempts.
    public func advance(_ id: String, tenant: String) async {
        await advance(id, tenant: tenant, opened: nil)
    }

    /// ``advance(_:tenant:)`` for an incident this process may have just opened: `opened` is the
    /// incident as its opening commit wrote it, so it is not read back, and none of its steps can
    /// have been proposed outside this process's memory of it. Returns the agent's remediation row
    /// as the last save wrote it (nil when nothing was saved).
    @discardableResult
    func advance(_ id: String, tenant: String, opened: Incident?) async -> AgentHealthRow? {
        await locks.run(id) { () async -> AgentHealthRow? in
            var written: AgentHealthRow?
            do throws(HealingError) {
                do throws(HealingError) {
                    try await self.rounds(id, tenant: tenant, opened: opened, written: &written)
                } catch .conflict where opened != nil {
                    // Another round (the healer's, another replica's) moved it since its opening
                    // commit: go on from the store. A step it proposed is found by its id.
                    try await self.rounds(id, tenant: tenant, opened: nil, written: &written)
                }
            } catch {
                self.logger.error("remediation round failed", metadata: ["incident": "\(id)", "tenant": "\(tenant)", "error": "\(error)"])
            }
            return written
        }
    }

    /// The rounds of ``advance(_:tenant:opened:)``, under the incident's lock.
    private func rounds(_ id: String, tenant: String, opened: Incident?, written: inout AgentHealthRow?) async throws(HealingError) {
        // A row made by an opening commit is at version 1.
        var found = opened.map { (value: $0, version: Int64(1)) }
        if found == nil { found = try await store.row(Incident.self, tenant: tenant, HealingRows.incidents, id) }
        guard var (incident, version) = found else { return }
        var saved = incident
        var change = HealingChange(tenant: tenant)
        // The opening checked the kill switch just before its commit: its first round need not.
        var checked = opened != nil
        for _ in 0..<64 {
            guard [.remediating, .awaitingApproval, .verifying].contains(incident.status) else { break }
            let before = incident
            let progress = try await round(&incident, change: &change, now: clock.now(), fresh: opened != nil, killSwitchChecked: checked)
            checked = false
            guard incident != before || !change.entries.isEmpty else { break }
            // A round that only proposed an agent step (its id derived from the incident, so
            // a crash before the save finds it again) needs no commit of its own: the next
            // round goes on from memory, and one commit records them all.
            if case .again = progress, change.rows.isEmpty, change.tallies.isEmpty, change.withdrawals.isEmpty { continue }
            written = try await save(incident, version: version, change: &change, now: clock.now())
            (saved, version, change) = (incident, version + 1, HealingChange(tenant: tenant))
            if case .wait = progress { return }
        }
        if incident != saved || !change.entries.isEmpty {
            written = try await save(incident, version: version, change: &change, now: clock.now())
        }
    }

    /// Commits an incident with its agent's row and the round's entries; returns that row.
    @discardableResult
    func save(_ incident: Incident, version: Int64, change: inout HealingChange, now: Timestamp) async throws(HealingError) -> AgentHealthRow {
        try change.put(HealingRows.incidents, incident.id, incident, status: incident.status.rawValue, ref: incident.agent, expectedVersion: version)
        // An escalated incident stays the agent's until a person resolves it or the agent recovers:
        // its signals join it.
        var health = AgentHealthRow(incident: incident.status == .resolved ? nil : incident.id, state: AgentHealthRow.state(of: incident))
        // A heal a relapse can take back: an incident whose last attempt passed. Not one whose
        // agent recovered before any playbook ran, or while it was held after failed attempts:
        // nothing Steward did closed it.
        if incident.status == .resolved, incident.resolvedBy == "steward", incident.attempts.last?.ok == true {
            health.lastResolved = resolution(of: incident)
        }
        try change.put(HealingRows.agentHealth, incident.agent, health, expectedVersion: nil)
        if !incident.isOpen, let name = incident.source,
           let source = try await store.row(SourceRow.self, tenant: incident.tenant, HealingRows.sources, name), source.value.incident == incident.id {
            var row = source.value
            row.incident = nil
            try change.put(HealingRows.sources, name, row, expectedVersion: source.version)
        }
        guard try await store.apply(change.commit(actor: "steward", revision: rules.revision, now: now)) else {
            throw .conflict("incident \(incident.id) changed meanwhile")
        }
        await push(change.changedAllocations, tenant: incident.tenant)
        for escalation in change.paging { await spine.alerts.escalation(escalation) }
        for escalation in change.closedPages { await spine.alerts.escalationClosed(escalation) }
        for step in change.builtins { await builtinSteps.notify(step) }
        return health
    }

    /// One round for an incident that is remediating, awaiting approval or verifying; `fresh`
    /// when none of its steps can have been proposed outside this process's memory of it;
    /// `killSwitchChecked` when the caller has just found remediation allowed (the gate still
    /// reads the kill switch for every step).
    func round(
        _ incident: inout Incident, change: inout HealingChange, now: Timestamp, fresh: Bool = false, killSwitchChecked: Bool = false
    ) async throws(HealingError) -> Progress {
        guard var attempt = incident.current else { return .wait }
        defer { incident.attempts[incident.attempts.count - 1] = attempt }
        if incident.status == .verifying {
            guard let deadline = attempt.verifyDeadline, now >= deadline else { return .wait }
            let waited = rules.settings.verifyTimeoutSeconds
            if let miss = attempt.notYet {
                attempt.verification = Verification(
                    outcome: miss.outcome, reason: "\(miss.reason), and no later signal within the verify timeout of \(waited) s met the success criteria",
                    signalTs: miss.signalTs, after: miss.after)
            } else {
                attempt.verification = Verification(
                    outcome: .inconclusive, reason: "no fresh signal from \(incident.agent) within the verify timeout of \(waited) s; counted as a failed attempt")
            }
            attempt.endedAt = now
            incident.attempts[incident.attempts.count - 1] = attempt
            try await conclude(&incident, change: &change, now: now)
            attempt = incident.attempts[incident.attempts.count - 1]
            return .again
        }
        if let notBefore = attempt.notBefore, now < notBefore { return .wait }
        if attempt.nextStep >= attempt.plan.count {
            if let answered = answeredSignal(&attempt, incident: incident, now: now) {
                // The agent answered a step with its fresh status: it is the agent's newest word,
                // as a signal it sent would be, and the attempt is judged on it now.
                try await apply(answered.signal, answering: answered.action, to: &incident, change: &change, now: now)
                attempt.verifyingSince = now
                attempt.verification = try await verify(attempt, incident: incident, on: answered.signal, now: now)
                attempt.endedAt = now
                incident.attempts[incident.attempts.count - 1] = attempt
                try await conclude(&incident, change: &change, now: now)
                attempt = incident.attempts[incident.attempts.count - 1]
                return .again
            }
            attempt.verifyingSince = now
            attempt.verifyDeadline = now.adding(milliseconds: Int64(rules.settings.verifyTimeoutSeconds) * 1000)
            incident.status = .verifying
            incident.updatedAt = now
            change.log("remediation.verifying", subject: HealingRows.subject(agent: incident.agent), [
                "incident": .string(incident.id), "attempt": .int(Int64(attempt.number)), "deadline": .string(attempt.verifyDeadline?.rfc3339 ?? ""),
            ])
            return .wait
        }
        if attempt.steps.count <= attempt.nextStep {
            if !killSwitchChecked, try await stopReason(tenant: incident.tenant) != nil { return .wait }
            let step = attempt.plan[attempt.nextStep]
            if step.primitive == .retryLastTask, let stale = try await staleSourceBeforeRetry(attempt, incident: incident, now: now) {
                // Seed 000 §4: before a retry, check freshness and refresh what is stale.
                attempt.plan.insert(contentsOf: [
                    PlaybookStep(.checkFreshness, ["source": .string(stale)]), PlaybookStep(.refreshIfStale),
                ], at: attempt.nextStep)
                return .again
            }
            let run = try await start(step, index: attempt.nextStep, attempt: &attempt, incident: &incident, change: &change, now: now, fresh: fresh)
            attempt.steps.append(run)
        } else {
            let index = attempt.nextStep
            guard let actionID = attempt.steps[index].action else { return .wait }
            let (record, version) = try await action(actionID, tenant: incident.tenant)
            let before = attempt.steps[index]
            attempt.steps[index] = settle(before, with: record, incident: &incident, attemptStartedAt: attempt.startedAt)
            if let overdue = unreported(record, now: now) {
                attempt.steps[index].status = .failed
                attempt.steps[index].detail = overdue
                // Counted failed, so no longer the agent's to carry out: withdrawn in the same commit.
                try withdraw(record, version: version, reason: overdue, incident: incident.id, change: &change, now: now)
                return try await follow(&attempt, incident: &incident, change: &change, now: now, reported: false)
            }
            if attempt.steps[index] == before { return .wait }
        }
        return try await follow(&attempt, incident: &incident, change: &change, now: now)
    }

    /// After a step's state changed: move on, wait, retry after a backoff, or fail the attempt.
    /// `reported` is false for a step whose agent never reported its outcome: that says nothing
    /// about its source, and a retry would only wait on the same silent agent again.
    func follow(
        _ attempt: inout Attempt, incident: inout Incident, change: inout HealingChange, now: Timestamp, reported: Bool = true
    ) async throws(HealingError) -> Progress {
        let index = attempt.nextStep
        let run = attempt.steps[index]
        let subject = HealingRows.subject(agent: incident.agent)
        if reported, run.status == .succeeded || run.status == .failed { try await noteSource(run, incident: incident, change: &change, now: now) }
        switch run.status {
        case .succeeded:
            change.log("remediation.step", subject: subject, stepPayload(incident, attempt, index))
            attempt.nextStep += 1
            incident.status = .remediating
            incident.updatedAt = now
            return .again
        case .running:
            return .wait
        case .awaitingApproval:
            if incident.status != .awaitingApproval {
                incident.status = .awaitingApproval
                incident.neededPerson = true
                incident.updatedAt = now
                change.log("remediation.awaiting_approval", subject: subject, stepPayload(incident, attempt, index))
            }
            return .wait
        case .failed:
            let maxTries = run.primitive == .retryLastTask ? max(1, Int(run.args["max"]?.intValue ?? 1)) : 1
            if reported, run.primitive == .retryLastTask, run.action != nil, run.tries < maxTries {
                let backoff = run.args["backoffMs"]?.intValue ?? 0
                change.log("remediation.step", subject: subject, stepPayload(incident, attempt, index))
                attempt.steps.removeLast()
                attempt.retriesUsed[String(index)] = run.tries
                attempt.notBefore = now.adding(milliseconds: backoff)
                incident.status = .remediating
                incident.updatedAt = now
                return .wait
            }
            if reported, let source = Self.unreachableBeforeRetry(attempt, failedAt: index) {
                // The refresh a freshness check planned could not reach the source: use its
                // fallback or degrade now, in this attempt, as seed 000 §4 says, instead of failing
                // the attempt and refetching the same unreachable source again (QA r8 freshness H1).
                change.log("remediation.step", subject: subject, stepPayload(incident, attempt, index))
                attempt.nextStep += 1
                if attempt.plan.indices.contains(index + 1), attempt.plan[index + 1].primitive == .validateInputs { attempt.plan.remove(at: index + 1) }
                attempt.plan.insert(contentsOf: [PlaybookStep(.checkFreshness, ["source": .string(source)]), PlaybookStep(.refreshIfStale)], at: index + 1)
                incident.status = .remediating
                incident.updatedAt = now
                return .again
            }
            change.log("remediation.step", subject: subject, stepPayload(incident, attempt, index))
            attempt.verification = Verification(outcome: .failed, reason: "step \(index + 1) (\(run.primitive.rawValue)) failed: \(run.detail)")
            attempt.endedAt = now
            incident.attempts[incident.attempts.count - 1] = attempt
            let rejectedBy = try await rejecter(of: run, tenant: incident.tenant)
            try await conclude(&incident, change: &change, now: now, rejectedBy: rejectedBy)
            attempt = incident.attempts[incident.attempts.count - 1]
            return .again
        }
    }

    /// The source of the failed step at `index` when it was the refetch a freshness check planned
    /// before the retry (refreshIfStale, then refreshCache → refetchSource), tried once in this
    /// attempt: it cannot be reached, so the attempt falls back or degrades instead of failing.
    static func unreachableBeforeRetry(_ attempt: Attempt, failedAt index: Int) -> String? {
        let run = attempt.steps[index]
        guard run.primitive == .refetchSource, let source = run.args["source"]?.stringValue, index > 0,
              attempt.plan[index - 1].primitive == .refreshCache,
              attempt.steps.prefix(index).contains(where: { $0.primitive == .refreshIfStale && $0.status == .succeeded }),
              attempt.steps.prefix(index).allSatisfy({ !($0.primitive == .refetchSource && $0.args["source"]?.stringValue == source) })
        else { return nil }
        return source
    }

    /// A source of the agent known to be stale that this attempt has not checked yet, if any.
    func staleSourceBeforeRetry(_ attempt: Attempt, incident: Incident, now: Timestamp) async throws(HealingError) -> String? {
        // The runs hold the sources their steps actually named (a reference read, or a fallback).
        let checked = Set(attempt.steps.prefix(attempt.nextStep).filter { $0.primitive == .checkFreshness || $0.primitive == .refetchSource }
            .compactMap { $0.args["source"]?.stringValue })
        var names = rules.declaredAgent(incident.agent, tenant: incident.tenant)?.dependencies ?? []
        names += incident.lastSignal.context.dependencies.filter { !names.contains($0) }
        for name in names where !checked.contains(name) {
            guard let row = try await store.row(SourceRow.self, tenant: incident.tenant, HealingRows.sources, name)?.value,
                  row.lastRefreshedAt != nil, row.isStale(rules.configuration.source(named: name), now: now) else { continue }
            return name
        }
        return nil
    }

    func stepPayload(_ incident: Incident, _ attempt: Attempt, _ index: Int) -> JSONValue {
        let run = attempt.steps[index]
        var payload: [String: JSONValue] = [
            "incident": .string(incident.id), "attempt": .int(Int64(attempt.number)), "step": .int(Int64(index + 1)),
            "primitive": .string(run.primitive.rawValue), "status": .string(run.status.rawValue), "detail": .string(run.detail),
            "tries": .int(Int64(run.tries)), "args": .object(run.args),
        ]
        if let action = run.action { payload["action"] = .string(action) }
        if let response = run.response { payload["response"] = response }
        return .object(payload)
    }

    func action(_ id: String, tenant: String) async throws(HealingError) -> (ActionRecord, Int64) {
        do { return try await spine.action(id, tenant: tenant) } catch {
            if case .notFound = error { throw .notFound("action \(id)") }
            throw Self.healing(error)
        }
    }

    /// A spine error as the loop reports it: the store's as it is, any other a conflict.
    static func healing(_ error: SpineError) -> HealingError {
        if case .store(let e) = error { return .store(e) }
        return .conflict("\(error)")
    }
}
