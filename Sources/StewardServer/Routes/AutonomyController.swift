public import Hummingbird
import StewardCore
public import StewardEngine

/// Runtime control of autonomy: the tenant's mode and scope, accounts' own settings, the kill
/// switch, and the signing secret agents verify webhooks with. Every change is a ledger entry.
public struct AutonomyController: Sendable {
    let spine: ActionSpine
    let secrets: SigningSecrets

    /// Autonomy routes over the spine.
    public init(spine: ActionSpine, secrets: SigningSecrets) {
        self.spine = spine
        self.secrets = secrets
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/autonomy", use: show)
        router.put("/v1/autonomy", use: update)
        router.get("/v1/accounts/:id/autonomy", use: showAccount)
        router.put("/v1/accounts/:id/autonomy", use: updateAccount)
        router.get("/v1/kill-switch", use: killSwitch)
        router.post("/v1/kill-switch", use: setKillSwitch)
        router.get("/v1/webhook-secret", use: webhookSecret)
    }

    @Sendable func show(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            return try JSONResponse.make(try await view(try await spine.autonomy(tenant: principal.tenant), tenant: principal.tenant))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func update(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.admin)
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let mode = fields.choice("mode", AutonomyMode.self)
        let scope = fields.strings("autopilotScope")
        let daily = fields.integer("accountDailyActions")
        let level = fields.choice("level", AutonomyLevel.self)
        // `dailyBudgetUsd: null` goes back to the configuration's budget; absent leaves it.
        let budgetUsd: Double?? = fields.has("dailyBudgetUsd") ? .some(fields.number("dailyBudgetUsd")) : nil
        do {
            // Every offending field in one 422: the fields' shapes and what the spine would refuse.
            fields.add(try await spine.autonomyProblems(
                tenant: principal.tenant, autopilotScope: scope, accountDailyActions: daily, level: level, dailyBudgetUsd: budgetUsd ?? nil))
        } catch { throw Problem.wrap(error) }
        try fields.finish("autonomy change")
        do {
            let result = try await spine.setAutonomy(
                tenant: principal.tenant, mode: mode, autopilotScope: scope, accountDailyActions: daily, level: level, dailyBudgetUsd: budgetUsd,
                actor: principal.actor)
            return try JSONResponse.make(try await view(result, tenant: principal.tenant))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func showAccount(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let account = try context.parameters.segment("id")
        try Self.requireAccountID(account)
        do {
            let tenant = try await spine.autonomy(tenant: principal.tenant)
            let own = try await spine.accountAutonomy(account, tenant: principal.tenant)
            return try JSONResponse.make(accountView(account, own: own, tenant: tenant))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func updateAccount(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let account = try context.parameters.segment("id")
        try Self.requireAccountID(account)
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        // `mode: null` and `dailyActions: null` go back to following the tenant; absent leaves them.
        let mode: AutonomyMode?? = fields.has("mode") ? .some(fields.choice("mode", AutonomyMode.self)) : nil
        let optIn = fields.bool("scheduledOptIn")
        let daily: Int?? = fields.has("dailyActions") ? .some(fields.integer("dailyActions")) : nil
        fields.add(ActionSpine.accountAutonomyProblems(dailyActions: daily))
        try fields.finish("account autonomy change")
        do {
            let own = try await spine.setAccountAutonomy(
                account, tenant: principal.tenant, mode: mode, scheduledOptIn: optIn, dailyActions: daily, actor: principal.actor)
            return try JSONResponse.make(accountView(account, own: own, tenant: try await spine.autonomy(tenant: principal.tenant)))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func killSwitch(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            return try JSONResponse.make(try JSONValueEncoder.encode(try await spine.autonomy(tenant: principal.tenant).killSwitch))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func setKillSwitch(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let engaged = fields.bool("engaged")
        let reason = fields.string("reason")
        if engaged == nil && !fields.problems.contains(where: { $0.field == "engaged" }) {
            fields.add([.init(field: "engaged", reason: "is required: true to engage, false to release")])
        }
        if !fields.problems.contains(where: { $0.field == "reason" }) {
            fields.add(ActionSpine.killSwitchProblems(engaged: engaged, reason: reason))
        }
        try fields.finish("kill-switch change")
        do {
            let change = try await spine.setKillSwitch(tenant: principal.tenant, engaged: engaged ?? false, reason: reason, actor: principal.actor)
            var view = try JSONValueEncoder.encode(change.state)
            if case .object(var members) = view {
                // Whether this request changed anything: a second engage keeps the first reason.
                members["changed"] = .bool(change.changed)
                if let note = change.note { members["note"] = .string(note) }
                view = .object(members)
            }
            return try JSONResponse.make(view)
        } catch { throw Problem.wrap(error) }
    }

    /// The tenant's webhook signing secret (admins only): agents verify `X-Steward-Signature` with it.
    @Sendable func webhookSecret(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.admin, for: .read)
        try Query(request).finish()
        let secret = try await secrets.secret(for: principal.tenant)
        return try JSONResponse.make([
            "tenant": .string(principal.tenant), "secret": .string(secret),
            "scheme": "X-Steward-Signature: v1=hex(HMAC-SHA256(secret, timestamp + '.' + body)), timestamp in X-Steward-Timestamp",
        ])
    }

    /// The tenant's autonomy with the level in force before breakers, which the gate holds to
    /// (`levelSet` false means no level was set and it is the mode's), the daily USD budget in
    /// force (`dailyBudgetUsdSet` false: the configuration's), and today's spending.
    private func view(_ autonomy: TenantAutonomy, tenant: String) async throws -> JSONValue {
        guard case .object(var members) = try JSONValueEncoder.encode(autonomy) else { return .null }
        members["level"] = .string(autonomy.effectiveLevel.rawValue)
        members["levelSet"] = .bool(autonomy.level != nil)
        let today = try await spine.budgetsToday(tenant: tenant, autonomy: autonomy)
        members["dailyBudgetUsd"] = .double(today.budgets[0].budget.capUsd)
        members["dailyBudgetUsdSet"] = .bool(autonomy.dailyBudgetUsd != nil)
        var spending: [String: JSONValue] = ["day": .string(today.day)]
        for use in today.budgets {
            spending[use.budget.isRemediation ? "remediation" : "actions"] = [
                "setting": .string(use.budget.clause), "capUsd": .double(RoundedUsd.of(use.budget.capUsd)),
                "spentUsd": .double(RoundedUsd.of(use.spentUsd)), "remainingUsd": .double(RoundedUsd.of(use.remainingUsd)),
            ]
        }
        members["budgetToday"] = .object(spending)
        members["warnings"] = .array(Self.warnings(autonomy).map(JSONValue.string))
        return .object(members)
    }

    /// What the settings will not do as they read (QA governance: an admin who set autopilot after
    /// lowering the level to L3 saw nothing run): a mode above what the level in force allows.
    static func warnings(_ autonomy: TenantAutonomy) -> [String] {
        let level = autonomy.effectiveLevel
        let rank = { (mode: AutonomyMode) in AutonomyMode.allCases.firstIndex(of: mode) ?? 0 }
        let capped = rank(autonomy.mode) > rank(level.ceiling) || (level == .l3Plus && rank(autonomy.mode) >= rank(.autopilot))
        guard autonomy.level != nil, capped else { return [] }
        let held = level == .l3Plus ? "lets only Steward's own remediation steps run without a person" : "caps the mode at \(level.ceiling.rawValue)"
        return [
            "mode \(autonomy.mode.rawValue) has no effect while level \(level.rawValue) is in force: it \(held). "
                + "Raising the level takes an approved scope-expansion proposal, which the governance cycle drafts when the tenant is ready (POST /v1/governance/cycle, GET /v1/proposals)."
        ]
    }

    private func accountView(_ account: String, own: AccountAutonomy?, tenant: TenantAutonomy) throws -> JSONValue {
        let effective = own?.mode ?? tenant.mode
        return [
            "account": .string(account),
            "mode": own?.mode.map { .string($0.rawValue) } ?? .null,
            "effectiveMode": .string(effective.rawValue),
            "scheduledOptIn": .bool(own?.scheduledOptIn ?? false),
            "dailyActions": own?.dailyActions.map { .int(Int64($0)) } ?? .null,
            "effectiveDailyActions": .int(Int64(own?.dailyActions ?? tenant.accountDailyActions)),
            // An operator may set a mode beyond the tenant's level; say that the gate holds it to the level.
            "level": .string(tenant.effectiveLevel.rawValue),
            "heldByLevel": .bool(AutonomyLevel(mode: effective) > tenant.effectiveLevel),
        ]
    }

    /// The path's account, held to the naming rule under the path parameter's own name (`id`), as
    /// a control character in it is.
    static func requireAccountID(_ account: String) throws {
        guard ProposalCheck.isName(account) else { throw Problem.invalid("the account id is invalid", errors: [.init(field: "id", reason: APIName.rule)]) }
    }
}
