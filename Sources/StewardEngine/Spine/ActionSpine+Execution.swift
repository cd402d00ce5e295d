import Logging
public import StewardCore

/// The end of an execution: its result, its outcome label and what a builtin changed, in one commit.
extension ActionSpine {
    /// A result the store cannot take now (a full disk, a lost database) is kept and written
    /// again after each of the runner's `recordingDelays`: the executor has acted, so dropping the
    /// result would leave the action `executing` for the sweep to take as interrupted.
    func finishExecution(_ id: String, tenant: String, result: ExecutionResult, effects: BuiltinEffects) async {
        var delays = runner.recordingDelays[...]
        while true {
            switch await recordExecution(id, tenant: tenant, result: result, effects: effects) {
            case .recorded:
                return
            case .failed(let error):
                // Only a store that cannot write now may take it later; any other refusal is final.
                let transient = if case .store(let cause) = error { cause.code == .unavailable } else { false }
                guard transient, let delay = delays.popFirst(), !Task.isCancelled else {
                    logger.error("gave up recording an execution's result; the sweep will take the action as interrupted", metadata: [
                        "action": "\(id)", "tenant": "\(tenant)", "error": "\(error)", "succeeded": "\(result.succeeded)",
                    ])
                    return
                }
                logger.error("could not record an execution's result; trying again", metadata: [
                    "action": "\(id)", "tenant": "\(tenant)", "error": "\(error)", "succeeded": "\(result.succeeded)", "retryIn": "\(delay)",
                ])
                try? await Task.sleep(for: delay)
            }
        }
    }

    private enum Recording { case recorded, failed(SpineError) }

    /// One try at committing an execution's end; conflicts with other writers are retried here.
    private func recordExecution(_ id: String, tenant: String, result: ExecutionResult, effects: BuiltinEffects) async -> Recording {
        for attempt in 0..<8 {
            do throws(SpineError) {
                let (record, version) = try await action(id, tenant: tenant)
                guard record.status == .executing else { return .recorded }  // another replica finished it
                let now = clock.now()
                var t = ActionTransition(record: record, expectedVersion: version)
                t.record.status = result.succeeded ? .succeeded : .failed
                t.record.updatedAt = now
                t.record.execution = ExecutionRecord(
                    executor: record.execution?.executor ?? "", startedAt: record.execution?.startedAt ?? now, finishedAt: now,
                    attempts: (record.execution?.attempts ?? 0) + result.attempts, succeeded: result.succeeded, detail: result.detail,
                    response: result.response)
                t.record.execution?.status = result.statusCode
                t.record.execution?.durationMs = result.durationMilliseconds
                let label: OutcomeLabel = result.succeeded ? .executionSucceeded : .executionFailed
                if result.interrupted {
                    // Failed for its status, but nothing is known of how it went: nothing to learn.
                    t.record.execution?.interrupted = true
                    t.record.outcomes.append(OutcomeEntry(label: label, at: now, by: "steward", detail: result.detail))
                } else {
                    t.label(label, at: now, by: "steward", detail: result.detail)
                }
                var payload: [String: JSONValue] = [
                    "label": .string(label.rawValue), "detail": .string(result.detail),
                    "attempts": .int(Int64(result.attempts)), "durationMs": .int(result.durationMilliseconds),
                    // For governance metrics: incidents are attributed to autonomous executions.
                    "type": .string(record.proposal.type), "agent": .string(record.proposal.agent), "trigger": .string(record.proposal.trigger.rawValue),
                    "autonomous": .bool(record.ranWithoutPerson),
                ]
                if let status = result.statusCode { payload["status"] = .int(Int64(status)) }
                if result.interrupted { payload["interrupted"] = .bool(true) }
                t.log("action.executed", payload)
                t.trackOpen(from: record.status, decidedAt: nil)
                var commit = try t.commit(actor: "steward", revision: rules.revision, now: now)
                for entry in effects.entries {
                    if let draft = try? LedgerDraft(
                        tenant: tenant, ts: now, kind: entry.kind, subject: entry.subject, actor: "steward",
                        payload: entry.payload, configRevision: rules.revision) {
                        commit.drafts.append(draft)
                    }
                }
                commit.projections += effects.rows.map(ProjectionChange.put)
                do {
                    _ = try await store.commit(commit)
                    await observers.notify(ActionChange(record: t.record, kinds: t.entries.map(\.kind)))
                    return .recorded
                } catch where error.code == .conflict && attempt < 7 {
                    continue
                } catch {
                    throw .store(error)
                }
            } catch {
                return .failed(error)
            }
        }
        return .failed(.conflict("the action kept changing under its result"))
    }

    /// Takes over executions left `executing` by a process that died: an idempotent action runs
    /// again under the same idempotency key; any other is marked failed, since it may have run.
    /// An execution counts as interrupted only once its executor could no longer be running it
    /// anywhere: longer ago than its longest run (timeouts, retries, backoff) plus a margin.
    public func recoverExecutions(tenant: String, now: Timestamp) async throws(SpineError) -> Int {
        var recovered = 0
        for record in try await actions(tenant: tenant, status: .executing, account: nil, agent: nil, after: nil, limit: 1000) {
            guard !runner.isRunning(record.proposal.id), let started = record.execution?.startedAt,
                  let type = rules.types[record.proposal.type] else { continue }
            let longest = (rules.executor(of: type, agent: record.proposal.agent, tenant: record.proposal.tenant).longestRunMilliseconds ?? 0) + Self.staleMarginMs
            guard now.milliseconds(since: started) > longest else { continue }
            if type.idempotent {
                // Claim it first: of several replicas recovering at once, one resumes it.
                let (current, version) = try await action(record.proposal.id, tenant: tenant)
                let now = clock.now()
                var t = ActionTransition(record: current, expectedVersion: version)
                t.record.execution?.startedAt = now
                t.record.updatedAt = now
                t.log("action.execution_resumed", ["idempotencyKey": .string(current.idempotencyKey)])
                guard try await commitOrRetry(t, actor: "steward", now: now) else { continue }
                runner.start(t.record, type: type, spine: self)
            } else {
                var result = ExecutionResult(
                    succeeded: false,
                    detail: "interrupted: its result was never recorded (Steward stopped, or could not write, while it ran); it is not idempotent, so it is not run again (check with the agent)",
                    attempts: 0, durationMilliseconds: 0)
                result.interrupted = true
                await finishExecution(record.proposal.id, tenant: tenant, result: result, effects: .none)
                await alerts.interrupted(record)
            }
            recovered += 1
        }
        return recovered
    }
}
