import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// "Needs your input": actions waiting for a person and escalations with their options.
extension PageController {
    @Sendable func inbox(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let tenant = viewer.principal.tenant
        let pending = try await spine.actions(tenant: tenant, status: .pendingApproval, account: nil, agent: nil, after: nil, limit: 200)
        let escalations = try await remediator.escalations(tenant: tenant, status: "open", limit: 200)
        var data = await chrome(viewer, title: "Inbox", nav: "inbox")
        data["live"] = true
        data["flash"] = flash(request)
        data["approvals"] = pending.sorted { $0.createdAt < $1.createdAt }.map(Self.approval)
        data["escalations"] = escalations.map { escalation in
            [
                "id": escalation.id, "agent": escalation.agent, "agentPath": HTML.pathSegment(escalation.agent), "reason": escalation.reason,
                "summary": escalation.summary, "created": Self.time(escalation.createdAt), "incident": escalation.incident,
                "attempts": escalation.lastTwoAttempts, "paged": escalation.paged,
                "options": escalation.recommendedOptions.map { ["name": $0.name, "kind": $0.kind, "why": $0.why, "playbook": $0.playbook ?? ""] },
            ] as [String: Any]
        }
        data["nothing"] = pending.isEmpty && escalations.isEmpty
        return try renderer.page("inbox", data)
    }

    /// An action waiting for approval, with why the gate held it and its parameters for editing.
    static func approval(_ record: ActionRecord) -> [String: Any] {
        let params = (try? CanonicalJSON.encode(record.effectiveParams)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return [
            "id": record.proposal.id, "type": record.proposal.type, "agent": record.proposal.agent, "account": record.proposal.account ?? "",
            "reason": record.decision.reason, "explanation": record.decision.explanation, "clause": record.decision.policyClause ?? "",
            "params": params, "created": time(record.createdAt), "expires": record.expiresAt.map(time) ?? "",
            "approvalCount": record.approvals.count, "hasApprovals": !record.approvals.isEmpty, "utility": String(format: "%.2f", record.decision.utility.value),
        ]
    }

    @Sendable func approve(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let fields = try await form(request, context: context)
        var edited: JSONValue?
        if let text = fields.text("params"), fields["edit"] == "1" {
            guard let parsed = try? JSONReader.parse(Array(text.utf8)), case .object = parsed else {
                return back(to: "/ui/inbox", "The edited parameters of \(id) are not a JSON object; nothing was approved.", kind: "problem")
            }
            edited = parsed
        }
        do {
            let record = try await spine.approve(id, tenant: viewer.principal.tenant, by: viewer.principal.actor, params: edited, note: fields.text("note"))
            return back(to: "/ui/inbox", "Approved \(record.proposal.type) for \(record.proposal.agent)\(edited == nil ? "" : " with your edits"): now \(record.status.rawValue).")
        } catch {
            return back(to: "/ui/inbox", "Could not approve \(id): \(error)", kind: "problem")
        }
    }

    @Sendable func reject(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let fields = try await form(request, context: context)
        guard let reason = fields.text("reason") else {
            return back(to: "/ui/inbox", "Rejecting \(id) needs a reason; nothing was changed.", kind: "problem")
        }
        do {
            let record = try await spine.reject(id, tenant: viewer.principal.tenant, by: viewer.principal.actor, reason: reason)
            return back(to: "/ui/inbox", "Rejected \(record.proposal.type) for \(record.proposal.agent).")
        } catch {
            return back(to: "/ui/inbox", "Could not reject \(id): \(error)", kind: "problem")
        }
    }

    @Sendable func resolve(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let fields = try await form(request, context: context)
        guard let option = fields.text("option") else { return back(to: "/ui/inbox", "Choose an option for \(id).", kind: "problem") }
        do {
            let escalation = try await remediator.resolveEscalation(
                id, tenant: viewer.principal.tenant, option: option, by: viewer.principal.actor, note: fields.text("note"))
            return back(to: "/ui/inbox", "Chose “\(option)” for \(escalation.agent); Steward is carrying it out.")
        } catch {
            return back(to: "/ui/inbox", "Could not resolve \(id): \(error)", kind: "problem")
        }
    }
}
