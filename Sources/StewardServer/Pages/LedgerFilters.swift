import Foundation
import Hummingbird
import StewardCore

/// What the Ledger page was asked for: the filters of `GET /v1/ledger` (kind, subject, from, to,
/// limit), read by the API's own reader so the page and the API select the same entries, and the
/// page's place (`before` or `after` a sequence number).
struct LedgerFilters: Sendable {
    /// The names the page reads from its address, the filters in the order the form shows them.
    static let names = ["kind", "subject", "from", "to", "limit"]
    /// How the form calls each field, for messages about it.
    static let labels = ["kind": "Kind", "subject": "Subject", "from": "From", "to": "To", "limit": "Limit", "before": "Older", "after": "Newer"]

    /// The filters, with the page's length as `limit`.
    let query: LedgerQuery
    /// Where the page starts.
    let cursor: LedgerListing.Cursor
    /// The filters as they were typed (empty ones left out), to fill the form and carry to links.
    let typed: [(name: String, value: String)]

    /// Reads the address's parameters; an empty field counts as absent (the form sends every field).
    /// Throws a ``Problem`` naming every field that cannot be used.
    init(_ parameters: Parameters, pageSize: Int) throws {
        let given = Parameters(parameters.filter { !$0.value.isEmpty })
        typed = Self.typed(given)
        var errors: [Problem.FieldError] = []
        var query = LedgerQuery(limit: pageSize)
        do {
            query = try LedgerController.query(from: given, defaultLimit: pageSize)
        } catch let problem as Problem {
            errors = problem.errors
        }
        var cursor = LedgerListing.Cursor.newest
        if let text = given["before"] {
            if let seq = Int64(text), seq > 0 { cursor = .before(seq) } else { errors.append(.init(field: "before", reason: "must be a sequence number")) }
        }
        if given["after"] != nil {
            if given["before"] != nil { errors.append(.init(field: "after", reason: "cannot be used with before: a page starts at one place")) }
            cursor = .after(query.afterSeq)
        }
        if !errors.isEmpty { throw Problem.invalid("the ledger's filters cannot be used", errors: errors) }
        query.afterSeq = 0
        self.query = query
        self.cursor = cursor
    }

    /// The filters (never the page's place) of `parameters` that were given, in the form's order.
    static func typed(_ parameters: Parameters) -> [(name: String, value: String)] {
        names.compactMap { name in
            let values = parameters.getAll(name).filter { !$0.isEmpty }
            return values.isEmpty ? nil : (name, values.joined(separator: ","))
        }
    }

    /// Whether any filter narrows the entries (the page's length does not).
    var narrowed: Bool { typed.contains { $0.name != "limit" } }

    /// The typed value of one filter, or "".
    func value(_ name: String) -> String { typed.first { $0.name == name }?.value ?? "" }

    /// `path` with these filters, `changing` some of them (an empty value drops one), and `extra`
    /// parameters after them.
    func link(_ path: String, changing: [String: String] = [:], _ extra: [(String, String)] = []) -> String {
        var pairs = typed.filter { changing[$0.name] == nil }
        for name in Self.names { if let value = changing[name], !value.isEmpty { pairs.append((name, value)) } }
        pairs.sort { (Self.names.firstIndex(of: $0.name) ?? 99) < (Self.names.firstIndex(of: $1.name) ?? 99) }
        pairs += extra
        guard !pairs.isEmpty else { return path }
        return path + "?" + pairs.map { "\($0)=\(Self.encode($1))" }.joined(separator: "&")
    }

    /// A value made safe to stand in a query string.
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~:,"))) ?? value
    }
}
