import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// Admin: the kill switch, modes, opt-ins and budgets, the audit export, and the policy rules with
/// a "try a proposal" dry run that shows the gate's whole trace.
extension PageController {
    @Sendable func admin(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        var data = await adminData(viewer, request: request)
        data["flash"] = flash(request)
        return try renderer.page("admin", data)
    }

    func adminData(_ viewer: Viewer, request: Request) async -> [String: Any] {
        let tenant = viewer.principal.tenant
        var data = await chrome(viewer, title: "Admin", nav: "admin")
        if let autonomy = try? await spine.autonomy(tenant: tenant) {
            data["engaged"] = autonomy.killSwitch.engaged
            data["killReason"] = autonomy.killSwitch.reason ?? ""
            data["killBy"] = autonomy.killSwitch.by == nil ? "" : await personName(autonomy.killSwitch.by ?? "")
            data["killSince"] = autonomy.killSwitch.since.map(PageTime.of) as Any
            data["modes"] = AutonomyMode.allCases.map { ["name": $0.rawValue, "selected": $0 == autonomy.mode] }
            data["scope"] = autonomy.autopilotScope
            data["budget"] = autonomy.accountDailyActions
            data.merge(await levelInForce(tenant: tenant, autonomy: autonomy)) { $1 }
            data["budgetUsd"] = autonomy.dailyBudgetUsd.map { "\($0)" } ?? ""
            data["configuredBudgetUsd"] = "\(FormattedUsd(spine.spineRules.configuration.autonomy.dailyBudgetUsd))"
            if let today = try? await spine.budgetsToday(tenant: tenant, autonomy: autonomy) {
                data["spending"] = today.budgets.map { use in
                    ["name": use.budget.isRemediation ? "Remediation steps" : "Agents' actions",
                     "spent": "\(FormattedUsd(use.spentUsd))", "cap": "\(FormattedUsd(use.budget.capUsd))"]
                }
                data["spendingDay"] = today.day
            }
        }
        let rows = (try? await store.projections(ProjectionQuery(tenant: tenant, collection: SpineRows.autonomy, afterID: "account:", limit: 500))) ?? []
        data["accounts"] = rows.filter { $0.id.hasPrefix("account:") }.compactMap { row -> [String: Any]? in
            guard let account = try? JSONValueDecoder.decode(AccountAutonomy.self, from: row.body) else { return nil }
            return ["id": account.id, "mode": account.mode?.rawValue ?? "follows the tenant", "optIn": account.scheduledOptIn,
                    "budget": account.dailyActions.map(String.init) ?? "tenant default"]
        }
        data["accountModes"] = AutonomyMode.allCases.map(\.rawValue)
        let rules = spine.spineRules
        data["rules"] = rules.configuration.policy.rules.enumerated().map { index, rule in
            ["index": index, "name": rule.name, "condition": rule.condition, "effect": rule.effect.rawValue, "mode": rule.mode.rawValue,
             "reason": rule.reason, "explanation": rule.explanation] as [String: Any]
        }
        data["types"] = rules.types.keys.sorted().map { name in
            ["name": name, "risk": rules.types[name]?.risk.rawValue ?? ""]
        }
        data["triggers"] = ProposalTrigger.allCases.map(\.rawValue)
        data["revision"] = rules.revision
        return data
    }

    @Sendable func killSwitch(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let fields = try await form(request, context: context)
        let engage = fields["state"] == "engage"
        if engage && fields["confirm"] != "yes" {
            return back(to: "/ui/admin", "Tick the confirmation to engage the kill switch; nothing was changed.", kind: "problem")
        }
        if engage && fields.text("reason") == nil {
            return back(to: "/ui/admin", "Engaging the kill switch needs a reason; nothing was changed.", kind: "problem")
        }
        do {
            let change = try await spine.setKillSwitch(
                tenant: viewer.principal.tenant, engaged: engage, reason: fields.text("reason"), actor: viewer.principal.actor)
            if let note = change.note { return back(to: "/ui/admin", note) }
            return back(to: "/ui/admin", change.state.engaged ? "Kill switch engaged: nothing runs without a person." : "Kill switch released.")
        } catch {
            return back(to: "/ui/admin", "Could not change the kill switch: \(error)", kind: "problem")
        }
    }

    @Sendable func accountSettings(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let fields = try await form(request, context: context)
        guard let account = fields.text("account") else { return back(to: "/ui/admin", "Name the account to change.", kind: "problem") }
        let modeText = fields.text("mode") ?? "inherit"
        let mode: AutonomyMode?? = modeText == "inherit" ? .some(nil) : AutonomyMode(rawValue: modeText).map { .some($0) }
        guard let mode else { return back(to: "/ui/admin", "The mode \(modeText) is not one of the modes.", kind: "problem") }
        var budget: Int?? = .some(nil)
        if let text = fields.text("budget") {
            guard let value = Int(text) else { return back(to: "/ui/admin", "The account's daily budget must be a whole number.", kind: "problem") }
            budget = .some(value)
        }
        do {
            _ = try await spine.setAccountAutonomy(
                account, tenant: viewer.principal.tenant, mode: mode, scheduledOptIn: fields["optIn"] == "yes", dailyActions: budget,
                actor: viewer.principal.actor)
            return back(to: "/ui/admin", "Saved the settings of account \(account).")
        } catch {
            return back(to: "/ui/admin", "Could not change account \(account): \(error)", kind: "problem")
        }
    }

    /// The gate as a dry run over a proposal typed into the form: nothing is recorded.
    @Sendable func tryProposal(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let fields = try await form(request, context: context)
        var data = await adminData(viewer, request: request)
        var tried: [String: Any] = ["type": fields["type"] ?? "", "agent": fields["agent"] ?? "", "account": fields["account"] ?? "",
                                    "trigger": fields["trigger"] ?? "agent", "params": fields["params"] ?? "{}"]
        var problems: [String] = []
        let params: JSONValue
        if let text = fields.text("params") {
            if let parsed = try? JSONReader.parse(Array(text.utf8), repeatedNames: .refused), case .object = parsed { params = parsed } else {
                problems.append("params: must be a JSON object naming each field once")
                params = .object([:])
            }
        } else {
            params = .object([:])
        }
        let trigger = ProposalTrigger(rawValue: fields.text("trigger") ?? "agent")
        if trigger == nil { problems.append("trigger: must be one of \(ProposalTrigger.allCases.map(\.rawValue).joined(separator: ", "))") }
        let proposal = ActionProposal(
            id: "dryrun", tenant: viewer.principal.tenant, agent: fields.text("agent") ?? "", account: fields.text("account"),
            type: fields.text("type") ?? "", params: params, trigger: trigger ?? .agent, impactPoints: nil, affectedAccounts: 1)
        problems += spine.problems(with: proposal).map { "\($0.field): \($0.reason)" }
        if problems.isEmpty {
            do {
                let (_, decision) = try await spine.evaluate(proposal)
                tried["decision"] = MustacheValue.object(decision).merging(["outcomeClass": decision.outcome.rawValue.lowercased()]) { $1 }
            } catch {
                problems.append("\(error)")
            }
        }
        tried["problems"] = problems
        data["tried"] = tried
        data["types"] = (data["types"] as? [[String: Any]] ?? []).map { type in
            type.merging(["selected": (type["name"] as? String) == fields["type"]]) { $1 }
        }
        return try renderer.page("admin", data, status: problems.isEmpty ? .ok : .unprocessableContent)
    }
}
