import Logging
public import StewardCore

/// Runtime changes to autonomy — the tenant's mode and scope, an account's mode, opt-in and
/// budget, the kill switch — each one a ledger entry beside the row it changes.
extension ActionSpine {
    /// The tenant's autonomy now.
    public func autonomy(tenant: String) async throws(SpineError) -> TenantAutonomy {
        try await state.tenantAutonomy(tenant)
    }

    /// Today's (UTC) spending against the tenant's two daily budgets: agents' actions, then remediation.
    public func budgetsToday(tenant: String, autonomy: TenantAutonomy) async throws(SpineError) -> (day: String, budgets: [BudgetUse]) {
        let day = clock.now().utcDay
        let row = try await state.row(tenant, SpineRows.daily, SpineRows.tenantDay(day))
        let budgets = [DailyBudget.actions(rules.configuration, autonomy: autonomy), DailyBudget.remediation(rules.configuration)]
        return (day, budgets.map { BudgetUse(budget: $0, spentUsd: row?.body[$0.field]?.doubleValue ?? 0) })
    }

    /// An account's own settings (nil: it follows the tenant).
    public func accountAutonomy(_ account: String, tenant: String) async throws(SpineError) -> AccountAutonomy? {
        try ProposalCheck.requireAccount(account)
        return try await state.accountAutonomy(account, tenant: tenant)
    }

    /// What is wrong with a change of the tenant's autonomy, every field at once, so the HTTP
    /// layer can name them beside the fields' own shape problems in one 422.
    public func autonomyProblems(
        tenant: String, autopilotScope: [String]?, accountDailyActions: Int?, level: AutonomyLevel?, dailyBudgetUsd: Double? = nil
    ) async throws(SpineError) -> [SpineError.FieldProblem] {
        var problems: [SpineError.FieldProblem] = []
        if let level, level > (try await state.tenantAutonomy(tenant)).effectiveLevel {
            problems.append(.init(field: "level", reason: "can only be lowered here; raising the autonomy level takes an approved scope-expansion proposal"))
        }
        if let scope = autopilotScope { problems += Self.scopeProblems(scope, types: rules.types) }
        if let limit = accountDailyActions, !(0...1_000_000).contains(limit) {
            problems.append(.init(field: "accountDailyActions", reason: "must be an integer from 0 to 1000000"))
        }
        if let usd = dailyBudgetUsd, !(usd.isFinite && (0...Self.maxDailyBudgetUsd).contains(usd)) {
            problems.append(.init(field: "dailyBudgetUsd", reason: "must be a number of US dollars from 0 to 1000000000"))
        }
        return problems
    }

    /// Each entry of an autopilot scope that cannot be in it, named `autopilotScope[i]`: unknown
    /// types, repeats, and high-risk or external types, which the gate never runs alone — in the
    /// scope they would only mislead whoever audits it.
    static func scopeProblems(_ scope: [String], types: [String: ActionType]) -> [SpineError.FieldProblem] {
        var seen: Set<String> = []
        return scope.enumerated().compactMap { index, name in
            let field = "autopilotScope[\(index)]"
            guard let type = types[name] else { return .init(field: field, reason: "unknown action type '\(name)'") }
            guard seen.insert(name).inserted else { return .init(field: field, reason: "'\(name)' is listed more than once") }
            guard !type.neverAutonomous else {
                return .init(field: field, reason: "'\(name)' is \(type.external ? "external" : "high-risk") and never runs without a person, so it cannot be in the autopilot scope")
            }
            return nil
        }
    }

    /// The largest daily USD budget the API accepts.
    static let maxDailyBudgetUsd = 1_000_000_000.0

    /// Changes the tenant's mode, autopilot scope, per-account daily budget, daily USD budget of
    /// agents' actions (`.some(nil)`: back to the configuration's) or (only downwards) autonomy
    /// level; nil leaves a part as it is. Raising the level takes an approved proposal.
    ///
    /// With no level set the level in force is the mode's, so a mode change that moves it writes
    /// `autonomy.level_changed` too: the ledger says when the tenant's level changed, whatever changed it.
    public func setAutonomy(
        tenant: String, mode: AutonomyMode?, autopilotScope: [String]?, accountDailyActions: Int?, level: AutonomyLevel? = nil,
        dailyBudgetUsd: Double?? = nil, actor: String
    ) async throws(SpineError) -> TenantAutonomy {
        let problems = try await autonomyProblems(
            tenant: tenant, autopilotScope: autopilotScope, accountDailyActions: accountDailyActions, level: level, dailyBudgetUsd: dailyBudgetUsd ?? nil)
        guard problems.isEmpty else { throw .invalid(problems) }
        return try await changeTenant(tenant, actor: actor) { a in
            var entries: [(String, JSONValue)] = []
            let levelBefore = a.effectiveLevel
            if let mode, mode != a.mode {
                entries.append(("autonomy.mode_changed", ["from": .string(a.mode.rawValue), "to": .string(mode.rawValue)]))
                a.mode = mode
            }
            if let scope = autopilotScope, scope != a.autopilotScope {
                let added = scope.filter { !a.autopilotScope.contains($0) }, removed = a.autopilotScope.filter { !scope.contains($0) }
                entries.append(("autonomy.scope_changed", [
                    "added": .array(added.map(JSONValue.string)), "removed": .array(removed.map(JSONValue.string)),
                    "scope": .array(scope.map(JSONValue.string)),
                ]))
                a.autopilotScope = scope
            }
            if let level, level != a.level { a.level = level }
            if a.effectiveLevel != levelBefore {
                var payload: [String: JSONValue] = ["from": .string(levelBefore.rawValue), "to": .string(a.effectiveLevel.rawValue), "by": "admin"]
                // A level nobody set moved with the mode: say so, so nobody looks for a proposal.
                if a.level == nil { payload["mode"] = .string(a.mode.rawValue) }
                entries.append(("autonomy.level_changed", .object(payload)))
            }
            if let limit = accountDailyActions, limit != a.accountDailyActions {
                entries.append(("autonomy.budget_changed", [
                    "budget": "accountDailyActions", "from": .int(Int64(a.accountDailyActions)), "to": .int(Int64(limit)),
                ]))
                a.accountDailyActions = limit
            }
            if let usd = dailyBudgetUsd, usd != a.dailyBudgetUsd {
                // The cap in force before and after, and whether it now follows the configuration.
                let configured = rules.configuration.autonomy.dailyBudgetUsd
                entries.append(("autonomy.budget_changed", [
                    "budget": "dailyBudgetUsd", "from": .double(a.dailyBudgetUsd ?? configured), "to": .double(usd ?? configured),
                    "followsConfiguration": .bool(usd == nil),
                ]))
                a.dailyBudgetUsd = usd
            }
            return entries
        }
    }

    /// Engages or releases the kill switch. Engaging it again keeps the first engagement, and the
    /// answer says so.
    public func setKillSwitch(tenant: String, engaged: Bool, reason: String?, actor: String) async throws(SpineError) -> KillSwitchChange {
        // Only engaging needs a reason here; the control center's release sends an empty one.
        let problems = engaged ? Self.killSwitchProblems(engaged: true, reason: reason) : []
        guard problems.isEmpty else { throw .invalid(problems) }
        let now = clock.now()
        var changed = false
        let result = try await changeTenant(tenant, actor: actor) { a in
            changed = a.killSwitch.engaged != engaged
            guard changed else { return [] }
            a.killSwitch = engaged ? KillSwitchState(engaged: true, reason: reason, by: actor, since: now) : .released
            var payload: [String: JSONValue] = ["by": .string(actor)]
            if let reason { payload["reason"] = .string(reason) }
            return [(engaged ? "kill_switch.engaged" : "kill_switch.released", .object(payload))]
        }
        let change = KillSwitchChange(state: result.killSwitch, changed: changed)
        if let note = change.note {
            logger.info("kill switch unchanged", metadata: ["tenant": "\(tenant)", "actor": "\(actor)", "note": "\(note)"])
        }
        return change
    }

    /// What is wrong with a kill-switch change's reason, so the HTTP layer can name it beside
    /// every other offending field. Engaging needs one; a reason given is never empty, even
    /// when `engaged` itself was unreadable (nil).
    public static func killSwitchProblems(engaged: Bool?, reason: String?) -> [SpineError.FieldProblem] {
        let given = reason ?? ""
        guard engaged == true || reason != nil, given.isEmpty || given.count > 2000 else { return [] }
        return [.init(field: "reason", reason: engaged == true
            ? "engaging the kill switch needs a reason of 1 to 2000 characters"
            : "must be 1 to 2000 characters when given")]
    }

    /// What is wrong with an account's new daily autonomy budget, so the HTTP layer can name it
    /// beside every other offending field of the same request.
    public static func accountAutonomyProblems(dailyActions: Int??) -> [SpineError.FieldProblem] {
        guard case .some(.some(let limit)) = dailyActions, !(0...1_000_000).contains(limit) else { return [] }
        return [.init(field: "dailyActions", reason: "must be an integer from 0 to 1000000, or null to follow the tenant")]
    }

    /// Changes an account's own mode, scheduled-run opt-in or daily autonomy budget.
    public func setAccountAutonomy(
        _ account: String, tenant: String, mode: AutonomyMode??, scheduledOptIn: Bool?, dailyActions: Int??, actor: String
    ) async throws(SpineError) -> AccountAutonomy {
        try ProposalCheck.requireAccount(account)
        let problems = Self.accountAutonomyProblems(dailyActions: dailyActions)
        guard problems.isEmpty else { throw .invalid(problems) }
        if mode == nil && scheduledOptIn == nil && dailyActions == nil {
            return try await state.accountAutonomy(account, tenant: tenant) ?? AccountAutonomy(id: account, tenant: tenant)
        }
        for _ in 0..<8 {
            let row = try await state.row(tenant, SpineRows.autonomy, SpineRows.accountAutonomy(account))
            let before = try await state.accountAutonomy(account, tenant: tenant) ?? AccountAutonomy(id: account, tenant: tenant)
            var after = before
            if let mode { after.mode = mode }
            if let scheduledOptIn { after.scheduledOptIn = scheduledOptIn }
            if let dailyActions { after.dailyActions = dailyActions }
            guard after != before else { return after }
            let now = clock.now()
            do {
                let draft = try LedgerDraft(
                    tenant: tenant, ts: now, kind: "autonomy.account_changed", subject: "account:\(account)", actor: actor,
                    payload: ["before": JSONValueEncoder.encode(before), "after": JSONValueEncoder.encode(after)], configRevision: rules.revision)
                let doc = ProjectionDocument(
                    tenant: tenant, collection: SpineRows.autonomy, id: SpineRows.accountAutonomy(account), ref: account,
                    body: try JSONValueEncoder.encode(after))
                _ = try await store.commit(StoreCommit(drafts: [draft], projections: [.put(doc)], preconditions: [
                    ProjectionPrecondition(tenant: tenant, collection: SpineRows.autonomy, id: doc.id, expectedVersion: row?.version ?? 0),
                ]))
                return after
            } catch let error as StoreError where error.code == .conflict {
                continue
            } catch let error as StoreError {
                throw .store(error)
            } catch {
                throw .store(StoreError(.invalid, operation: "change account autonomy", reason: "\(error)"))
            }
        }
        throw .conflict("the account's settings kept changing; try again")
    }

    /// Reads the tenant's autonomy, applies `change`, and commits it with the entries it returns.
    private func changeTenant(
        _ tenant: String, actor: String, _ change: (inout TenantAutonomy) -> [(String, JSONValue)]
    ) async throws(SpineError) -> TenantAutonomy {
        for _ in 0..<8 {
            let row = try await state.row(tenant, SpineRows.autonomy, SpineRows.tenantAutonomy)
            var autonomy = try await state.tenantAutonomy(tenant)
            let entries = change(&autonomy)
            if entries.isEmpty { return autonomy }
            let now = clock.now()
            do {
                let drafts = try entries.map { kind, payload in
                    try LedgerDraft(tenant: tenant, ts: now, kind: kind, subject: "tenant:\(tenant)", actor: actor, payload: payload, configRevision: rules.revision)
                }
                let doc = ProjectionDocument(tenant: tenant, collection: SpineRows.autonomy, id: SpineRows.tenantAutonomy, body: try JSONValueEncoder.encode(autonomy))
                _ = try await store.commit(StoreCommit(drafts: drafts, projections: [.put(doc)], preconditions: [
                    ProjectionPrecondition(tenant: tenant, collection: SpineRows.autonomy, id: doc.id, expectedVersion: row?.version ?? 0),
                ]))
                return autonomy
            } catch let error as StoreError where error.code == .conflict {
                continue
            } catch let error as StoreError {
                throw .store(error)
            } catch {
                throw .store(StoreError(.invalid, operation: "change autonomy", reason: "\(error)"))
            }
        }
        throw .conflict("the tenant's autonomy kept changing; try again")
    }
}
