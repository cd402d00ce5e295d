import Foundation
import StewardCore

/// One ledger entry as the Ledger page lists it: the facts of the row in a line, a short summary
/// of its payload, and, folded, everything the hash covers plus the hashes themselves.
struct LedgerEntryLine: Sendable {
    let row: StoredLedgerRow
    /// The name of the person behind the actor, when the actor is a key with a name.
    let person: String?

    /// The longest payload summary, in characters.
    static let summaryLimit = 160
    /// The longest value inside a summary, in characters.
    static let valueLimit = 48

    func data(filters: LedgerFilters) -> [String: Any] {
        [
            "seq": row.seq, "time": PageTime.of(row.ts), "kind": row.kind, "subject": row.subject, "actor": row.actor,
            "person": (person == row.actor ? nil : person) as Any,
            "kindLink": filters.link(PagePaths.ledger, changing: ["kind": row.kind]),
            "subjectLink": filters.link(PagePaths.ledger, changing: ["subject": row.subject]),
            "summary": Self.summary(row.canonicalPayload),
            // The stored bytes, as hashed: shown as they are, not re-encoded.
            "payload": String(decoding: row.canonicalPayload, as: UTF8.self),
            "revision": row.configRevision, "prevHash": row.prevHash, "hash": row.hash,
        ]
    }

    /// `{"action":"act_1","by":"key:ab12","reason":"drill"}` → `action act_1 · by key:ab12 · reason drill`:
    /// the payload's members by name, nested values as `{…}` and `[…]`, cut short.
    static func summary(_ canonicalPayload: [UInt8]) -> String {
        guard let payload = try? JSONReader.parse(canonicalPayload) else { return cut(String(decoding: canonicalPayload, as: UTF8.self), summaryLimit) }
        guard case .object(let members) = payload else { return cut(scalar(payload), summaryLimit) }
        guard !members.isEmpty else { return "{}" }
        let parts = members.keys.sorted().map { name in "\(name) \(scalar(members[name] ?? .null))" }
        return cut(parts.joined(separator: " · "), summaryLimit)
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s.isEmpty ? "\"\"" : cut(s, valueLimit)
        case .array(let items): return items.isEmpty ? "[]" : "[…]"
        case .object(let members): return members.isEmpty ? "{}" : "{…}"
        }
    }

    private static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
