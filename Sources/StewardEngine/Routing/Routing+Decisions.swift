public import StewardCore

extension Routing {
    /// The autonomous-decisions log of seed 004 §2c.4 (`autonomous_decisions.jsonl`), read from
    /// the ledger: every change Steward made itself and every rollback, oldest first.
    public func decisions(tenant: String) async throws(SpineError) -> [JSONValue] {
        var items: [JSONValue] = []
        var after: Int64 = 0
        do {
            while true {
                let page = try await store.ledger(
                    tenant: tenant, query: LedgerQuery(afterSeq: after, kinds: ["routing.changed", "routing.rolled_back"], limit: 1000))
                for row in page.rows {
                    let payload = try row.entry().payload
                    guard row.kind == "routing.rolled_back" || payload["change"]?.stringValue == RoutingState.Change.auto.rawValue else { continue }
                    items.append([
                        "seq": .int(row.seq), "ts": .string(row.ts.rfc3339), "kind": .string(row.kind),
                        "action": .string(row.kind == "routing.rolled_back" ? "rollback" : "change"),
                        "skill": payload["skill"] ?? .null, "from": payload["from"] ?? .null, "to": payload["to"] ?? .null,
                        "reason": payload["reason"] ?? .null, "guardrail": payload["guardrail"] ?? .null, "actor": .string(row.actor),
                    ])
                }
                guard let next = page.nextCursor else { break }
                after = next
            }
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(.corrupt, operation: "read the ledger for routing decisions", reason: "\(error)"))
        }
        return items
    }

    /// The same log as CSV.
    public static func decisionsCSV(_ items: [JSONValue]) -> String {
        let columns = ["seq", "ts", "kind", "action", "skill", "from", "to", "guardrail", "reason", "actor"]
        var lines = [columns.joined(separator: ",")]
        for item in items {
            lines.append(columns.map { key -> String in
                switch item[key] {
                case .int(let n)?: String(n)
                case .string(let s)?: CSVField.escape(s)
                default: ""
                }
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
