import Foundation
import StewardCore

/// Tells the demo's story in the terminal as it happens, one line per event read from the ledger:
/// incidents opened, healed and relapsing, escalations and approvals waiting for a person,
/// agents recovering on their own, breakers tripping. The Control Center shows the same live.
struct DemoNarrator {
    let store: any Store
    let tenant: String
    static let kinds = ["incident.opened", "incident.resolved", "incident.relapsed", "escalation.raised", "escalation.recovered", "breaker.tripped"]

    /// Reads what is new every second until cancelled.
    func run() async {
        var cursor: Int64 = 0
        while !Task.isCancelled {
            if let page = try? await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: cursor, kinds: Self.kinds, limit: 200)) {
                for row in page.rows {
                    cursor = max(cursor, row.seq)
                    if let line = Self.line(row) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// The line an entry tells, or nil for one not worth a line.
    static func line(_ row: StoredLedgerRow) -> String? {
        guard let payload = try? JSONReader.parse(row.canonicalPayload) else { return nil }
        let time = String(row.ts.rfc3339.dropFirst(11).prefix(8))
        let agent = row.subject.hasPrefix("agent:") ? String(row.subject.dropFirst(6)) : nil
        let text: (String) -> String = { payload[$0]?.stringValue ?? "?" }
        let told: String?
        switch row.kind {
        case "incident.opened":
            told = "\(agent ?? "?"): incident \(text("incident")) opened, classified \(text("classification")) (rule \(text("rule")))"
        case "incident.resolved":
            let seconds = (payload["mttrMs"]?.doubleValue ?? 0) / 1000
            told = "\(agent ?? "?"): healed after \(String(format: "%.0f", seconds)) s, \(text("resolution"))"
        case "incident.relapsed":
            told = "\(agent ?? "?"): relapsed \(String(format: "%.1f", payload["minutesSinceHealed"]?.doubleValue ?? 0)) min after its last heal; that fix will not be tried first"
        case "escalation.raised" where agent != nil:
            told = "\(agent ?? "?"): escalated to a person (\(text("reason"))): \(text("summary")) [GET /v1/escalations]"
        case "escalation.raised":
            told = "action \(text("action")) waits for a person (\(text("reason"))) [GET /v1/actions?status=pending_approval]"
        case "escalation.recovered":
            told = "\(agent ?? "?"): recovered on its own; its escalation is closed"
        case "breaker.tripped":
            told = "breaker \(text("breaker")) tripped: \(text("effect"))"
        default:
            told = nil
        }
        return told.map { "\(time)  \($0)" }
    }
}
