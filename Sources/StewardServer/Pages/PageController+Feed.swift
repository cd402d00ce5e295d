import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// "What should I do next?" (waiting proposals ranked by expected utility) and "Autopilot did X"
/// (what ran without a person, each with the gate's explanation).
extension PageController {
    /// How many of the newest ledger entries the timeline looks through.
    static let timelineWindow: Int64 = 20_000

    @Sendable func feed(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let tenant = viewer.principal.tenant
        let pending = try await spine.actions(tenant: tenant, status: .pendingApproval, account: nil, agent: nil, after: nil, limit: 500)
        let ranked = pending.sorted { ($0.decision.utility.value, $1.createdAt) > ($1.decision.utility.value, $0.createdAt) }
        var data = await chrome(viewer, title: "Feed", nav: "feed")
        data["live"] = true
        data["next"] = ranked.prefix(20).enumerated().map { index, record in
            Self.approval(record).merging(["rank": index + 1]) { $1 }
        }
        data["noNext"] = ranked.isEmpty
        let timeline = try await autopilotTimeline(tenant: tenant, limit: 50)
        data["timeline"] = timeline
        data["noTimeline"] = timeline.isEmpty
        return try renderer.page("feed", data)
    }

    /// The newest actions that ran without a person, newest first.
    func autopilotTimeline(tenant: String, limit: Int) async throws -> [[String: Any]] {
        let head = try await store.head(tenant: tenant).seq
        var cursor = max(0, head - Self.timelineWindow)
        var runs: [(seq: Int64, ts: Timestamp, action: String, ok: Bool)] = []
        while true {
            let page = try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: cursor, kinds: ["action.executed"], limit: 1000))
            for row in page.rows {
                guard let payload = try? JSONReader.parse(row.canonicalPayload), payload["autonomous"] == .bool(true),
                      let action = payload["action"]?.stringValue else { continue }
                runs.append((row.seq, row.ts, action, payload["ok"] != .bool(false)))
            }
            guard let next = page.nextCursor else { break }
            cursor = next
        }
        var items: [[String: Any]] = []
        for run in runs.suffix(limit).reversed() {
            guard let (record, _) = try? await spine.action(run.action, tenant: tenant) else { continue }
            items.append([
                "id": record.proposal.id, "type": record.proposal.type, "agent": record.proposal.agent, "account": record.proposal.account ?? "",
                "at": Self.time(run.ts), "status": record.status.rawValue, "explanation": record.decision.explanation,
                "reason": record.decision.reason, "clause": record.decision.policyClause ?? "", "seq": run.seq,
                "byRemediation": record.proposal.trigger.rawValue == "remediation",
            ])
        }
        return items
    }
}
