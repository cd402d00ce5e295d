import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// "What should I do next?" (waiting proposals ranked by expected utility), "Autopilot did"
/// (what ran without a person, each with the gate's explanation) and what the gate blocked.
extension PageController {
    /// How many of the newest ledger entries the timeline looks through.
    static let timelineWindow: Int64 = 20_000
    /// Who starts an action when no person approved it: the gate itself, or the expiry of an
    /// approval whose type runs when nobody answers.
    static let unattendedStarters: Set<String> = ["autopilot", "steward:expiry"]
    /// Proposals "What should I do next?" lists; the rest are in the inbox.
    static let feedNextCount = 20

    @Sendable func feed(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let tenant = viewer.principal.tenant
        // Every waiting action ranked on its stored value; only those shown are read whole.
        let (ranked, waiting) = try await spine.mostValuableWaiting(tenant: tenant, limit: Self.feedNextCount)
        var data = await chrome(viewer, title: "Feed", nav: "feed")
        data["flash"] = flash(request)
        data["live"] = true
        let breakers = await currentBreakers(tenant: tenant)
        let holds = await currentHolds(tenant: tenant)
        var next: [[String: Any]] = []
        for (index, record) in ranked.prefix(Self.feedNextCount).enumerated() {
            next.append(await approvalCard(record, viewer: viewer, breakers: breakers, holds: holds).data.merging(["rank": index + 1]) { $1 })
        }
        data["next"] = next
        data["noNext"] = ranked.isEmpty
        // A list cut short says so, and where the rest are.
        if waiting > next.count {
            data["nextMore"] = "Showing the \(next.count) most valuable of \(waiting) waiting."
        }
        let (timeline, runs) = try await autopilotTimeline(tenant: tenant, limit: 50)
        data["timeline"] = timeline
        data["noTimeline"] = timeline.isEmpty
        if runs > timeline.count {
            data["timelineMore"] = "Showing the newest \(timeline.count) of \(runs) actions that ran without a person."
        }
        let (blocked, refused) = try await blockedActions(tenant: tenant, limit: 25)
        data["blocked"] = blocked
        data["noBlocked"] = blocked.isEmpty
        if refused > blocked.count {
            data["blockedMore"] = "Showing the newest \(blocked.count) of \(refused) blocked actions."
        }
        return try renderer.page("feed", data)
    }

    /// The newest actions that ran without a person, newest first: those Steward executed itself
    /// and those handed to their agent by the autopilot or by an expiry; and how many there were.
    func autopilotTimeline(tenant: String, limit: Int) async throws -> (items: [[String: Any]], total: Int) {
        let head = try await store.head(tenant: tenant).seq
        var cursor = max(0, head - Self.timelineWindow)
        var runs: [(seq: Int64, ts: Timestamp, action: String)] = []
        while true {
            let page = try await store.ledger(
                tenant: tenant, query: LedgerQuery(afterSeq: cursor, kinds: ["action.executed", "action.dispatched"], limit: 1000))
            for row in page.rows {
                guard let payload = try? JSONReader.parse(row.canonicalPayload), let action = payload["action"]?.stringValue else { continue }
                let unattended = row.kind == "action.executed"
                    ? payload["autonomous"] == .bool(true)
                    : Self.unattendedStarters.contains(payload["by"]?.stringValue ?? "")
                if unattended { runs.append((row.seq, row.ts, action)) }
            }
            guard let next = page.nextCursor else { break }
            cursor = next
        }
        var items: [[String: Any]] = []
        for run in runs.suffix(limit).reversed() {
            guard let (record, _) = try? await spine.action(run.action, tenant: tenant) else { continue }
            items.append([
                "id": record.proposal.id, "type": record.proposal.type, "what": ApprovalCard.words(record.proposal.type),
                "agent": record.proposal.agent, "account": record.proposal.account ?? "", "at": PageTime.of(run.ts),
                "status": ApprovalCard.status(record.status), "explanation": record.decision.explanation,
                "reason": record.decision.reason, "clause": record.decision.policyClause ?? "", "seq": run.seq,
                "byRemediation": record.proposal.trigger.rawValue == "remediation",
                "rerun": record.status == .failed,
            ])
        }
        return (items, runs.count)
    }

    /// The newest actions the gate refused, newest first, with the rule and its explanation; and
    /// how many were read.
    func blockedActions(tenant: String, limit: Int) async throws -> (items: [[String: Any]], total: Int) {
        // Every blocked action is ordered on its stored time (the oldest few thousand were, once).
        let (blocked, total) = try await spine.newest(tenant: tenant, status: .blocked, limit: limit)
        let items: [[String: Any]] = blocked.map { record in
            [
                "id": record.proposal.id, "what": ApprovalCard.words(record.proposal.type), "type": record.proposal.type,
                "agent": record.proposal.agent, "account": record.proposal.account ?? "", "at": PageTime.of(record.createdAt),
                "explanation": record.decision.explanation, "reason": record.decision.reason, "clause": record.decision.policyClause ?? "",
                "fields": ApprovalCard.fields(record.proposal.params), "rerun": true,
            ]
        }
        return (items, total)
    }

    /// "Run again": a settled action's intent proposed again (`POST /v1/actions/{id}/rerun`).
    @Sendable func rerun(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let fields = try await form(request, context: context)
        let from = fields["from"] == "blocked" ? "\(PagePaths.feed)#blocked-h" : "\(PagePaths.feed)#autopilot-h"
        do {
            let (record, _) = try await spine.rerun(id, tenant: viewer.principal.tenant, by: viewer.principal.actor, note: fields.text("note"))
            let what = "\(ApprovalCard.words(record.proposal.type)) for \(record.proposal.agent)"
            let inbox = record.status == .pendingApproval ? " It waits in the inbox." : ""
            return back(to: from, "Proposed \(what) again as \(record.proposal.id): \(ApprovalCard.status(record.status)). \(record.decision.explanation)\(inbox)")
        } catch {
            return back(to: from, "Could not run \(id) again: \(error)", kind: "problem")
        }
    }
}
