import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// The admin's form for the tenant's mode and budgets (`PUT /v1/autonomy`): every field that
/// cannot be used is named at once, as the API names them, and a saved form says what changed.
extension PageController {
    /// The form's labels, by the API's field names, for the messages.
    static let tenantModeLabels = [
        "mode": "Mode", "budget": "Autonomous actions per account per day", "accountDailyActions": "Autonomous actions per account per day",
        "budgetUsd": "Daily spending cap", "dailyBudgetUsd": "Daily spending cap",
    ]

    @Sendable func tenantMode(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let fields = try await form(request, context: context)
        var problems: [(field: String, reason: String)] = []
        let mode = fields.text("mode").flatMap(AutonomyMode.init(rawValue:))
        if mode == nil { problems.append(("mode", "choose one of \(AutonomyMode.allCases.map(\.rawValue).joined(separator: ", "))")) }
        var budget: Int?
        if let text = fields.text("budget") {
            budget = Int(text)
            if budget == nil { problems.append(("budget", "must be a whole number")) }
        }
        // A blank spending cap follows steward.yaml's.
        var budgetUsd: Double?
        if let text = fields.text("budgetUsd") {
            budgetUsd = Double(text.replacingOccurrences(of: "$", with: "")).flatMap { $0.isFinite ? $0 : nil }
            if budgetUsd == nil { problems.append(("budgetUsd", "must be an amount in US dollars, such as 40 or 12.50")) }
        }
        let tenant = viewer.principal.tenant
        do {
            // The engine's own checks (ranges) join those of the form, so one answer names them all.
            for problem in try await spine.autonomyProblems(
                tenant: tenant, autopilotScope: nil, accountDailyActions: budget, level: nil, dailyBudgetUsd: budgetUsd) {
                problems.append((problem.field, problem.reason))
            }
        } catch {
            return back(to: "/ui/admin", "Could not check the form: \(error)", kind: "problem")
        }
        guard let mode, problems.isEmpty else { return try await refused(problems, fields: fields, viewer: viewer, request: request) }
        do throws(SpineError) {
            let before = try await spine.autonomy(tenant: tenant)
            let after = try await spine.setAutonomy(
                tenant: tenant, mode: mode, autopilotScope: nil, accountDailyActions: budget, dailyBudgetUsd: .some(budgetUsd),
                actor: viewer.principal.actor)
            return back(to: "/ui/admin", changes(from: before, to: after))
        } catch {
            if case .invalid(let found) = error {
                return try await refused(found.map { ($0.field, $0.reason) }, fields: fields, viewer: viewer, request: request)
            }
            return back(to: "/ui/admin", "Could not change the mode: \(error)", kind: "problem")
        }
    }

    /// The admin page again (422) with the form as typed, each bad field marked and its reason beside it.
    func refused(
        _ problems: [(field: String, reason: String)], fields: FormFields, viewer: Viewer, request: Request
    ) async throws -> Response {
        var data = await adminData(viewer, request: request)
        data["flash"] = ["kind": "problem", "text": Self.refusal(problems), "isProblem": true]
        data["budget"] = fields["budget"] ?? ""
        data["budgetUsd"] = fields["budgetUsd"] ?? ""
        data["modes"] = AutonomyMode.allCases.map { ["name": $0.rawValue, "selected": $0.rawValue == fields["mode"]] }
        // The engine names the API's fields; the form's are shorter.
        let formField = ["accountDailyActions": "budget", "dailyBudgetUsd": "budgetUsd"]
        var errors: [String: String] = [:]
        for problem in problems {
            let field = formField[problem.field] ?? problem.field
            if errors[field] == nil { errors[field] = problem.reason }
        }
        data["modeErrors"] = errors
        return try renderer.page("admin", data, status: .unprocessableContent)
    }

    /// "Nothing was changed: Mode: …; Daily spending cap: …."
    static func refusal(_ problems: [(field: String, reason: String)]) -> String {
        "Nothing was changed. " + problems.map { "\(tenantModeLabels[$0.field] ?? $0.field): \($0.reason)" }.joined(separator: "; ") + "."
    }

    /// What a saved form changed, in one sentence; the mode is named whether or not it changed.
    func changes(from before: TenantAutonomy, to after: TenantAutonomy) -> String {
        let configured = spine.spineRules.configuration.autonomy.dailyBudgetUsd
        func cap(_ usd: Double?) -> String { usd.map { "\(FormattedUsd($0))" } ?? "steward.yaml's \(FormattedUsd(configured))" }
        var changed: [String] = []
        if before.mode != after.mode { changed.append("the mode is now \(after.mode.rawValue) (was \(before.mode.rawValue))") }
        if before.accountDailyActions != after.accountDailyActions {
            changed.append("autonomous actions per account per day are now \(after.accountDailyActions) (were \(before.accountDailyActions))")
        }
        if before.dailyBudgetUsd != after.dailyBudgetUsd {
            changed.append("the daily spending cap is now \(cap(after.dailyBudgetUsd)) (was \(cap(before.dailyBudgetUsd)))")
        }
        guard !changed.isEmpty else { return "Nothing changed: the mode is still \(after.mode.rawValue), and the budgets are as they were." }
        let kept = before.mode == after.mode ? "; the mode is still \(after.mode.rawValue)" : ""
        return "Saved: " + changed.joined(separator: ", ") + kept + "."
    }
}
