import Foundation
import Hummingbird
import StewardCore

/// The Ledger, for auditors: the tenant's entries newest first, filtered as `GET /v1/ledger`
/// filters them, each unfolding to everything its hash covers; the chain verified on request; the
/// same entries exported through `GET /v1/ledger/export`. An operator's, as those API calls are.
extension PageController {
    /// Entries on a page unless the address asks for another count (`limit`, as the API reads it).
    static let ledgerPageSize = 50

    @Sendable func ledgerPage(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        var data = await chrome(viewer, title: "Ledger", nav: "ledger")
        data["flash"] = flash(request)
        let filters: LedgerFilters
        do {
            // The filter form is a GET form: its query is form-encoded, a space sent as "+", which the
            // URI's own reading keeps as a plus (QA r9 console M2: "a, b" lost every kind after the first).
            let form = FormFields(request.uri.query ?? "")
            filters = try LedgerFilters(Parameters(form.pairs.map { (key: Substring($0.name), value: Substring($0.value)) }), pageSize: Self.ledgerPageSize)
        } catch let problem as Problem {
            // The form again with what was typed and, by each field, why it cannot be used.
            let typed = LedgerFilters.typed(request.uri.queryParameters)
            data["typed"] = Dictionary(typed.map { ($0.name, $0.value) }) { $1 }
            data["badFilters"] = true
            data["problems"] = problem.errors.map { ["field": LedgerFilters.labels[$0.field] ?? $0.field, "reason": $0.reason] }
            data["invalid"] = Dictionary(problem.errors.map { ($0.field, true) }) { $1 }
            data["verifyAction"] = PagePaths.ledger + "/verify"
            return try renderer.page("ledger", data, status: problem.status)
        }
        let listing = try await LedgerListing.read(store: store, tenant: viewer.principal.tenant, filters: filters.query, at: filters.cursor)
        var names: [String: String] = [:]
        var entries: [[String: Any]] = []
        for row in listing.rows {
            if names[row.actor] == nil { names[row.actor] = await personName(row.actor) }
            entries.append(LedgerEntryLine(row: row, person: names[row.actor]).data(filters: filters))
        }
        data["entries"] = entries
        data["typed"] = Dictionary(filters.typed.map { ($0.name, $0.value) }) { $1 }
        data["narrowed"] = filters.narrowed
        data["kinds"] = Array(Set(listing.rows.map(\.kind))).sorted()
        data["verifyAction"] = filters.link(PagePaths.ledger + "/verify")
        data["exportJSONL"] = filters.link("/v1/ledger/export", changing: ["limit": ""], [("format", "jsonl")])
        data["exportCSV"] = filters.link("/v1/ledger/export", changing: ["limit": ""], [("format", "csv")])
        if let newest = listing.rows.first, let oldest = listing.rows.last {
            data["shown"] = listing.rows.count == 1
                ? "Showing entry #\(newest.seq)."
                : "Showing \(listing.rows.count) entries, #\(newest.seq) to #\(oldest.seq), the newest first."
        }
        data["older"] = listing.older.map { filters.link(PagePaths.ledger, [("before", String($0))]) } ?? ""
        data["newer"] = listing.newer.map { filters.link(PagePaths.ledger, [("after", String($0))]) } ?? ""
        data["listed"] = !listing.rows.isEmpty
        data["nothing"] = listing.rows.isEmpty
        return try renderer.page("ledger", data)
    }

    /// Recomputes the tenant's chain, as `GET /v1/ledger/verify` does, and goes back to the ledger
    /// with the verdict in one line, as every form does (a reload does not verify again). The form
    /// posts to the page's own address, so a sound chain goes back to the same filters; a broken
    /// one goes to the page that starts at the first bad entry.
    @Sendable func verifyLedger(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let verification = try await LedgerAudit.verify(store: store, tenant: viewer.principal.tenant)
        guard let fault = verification.fault else {
            let query = request.uri.query.map { "?\($0)" } ?? ""
            return back(
                to: PagePaths.ledger + query,
                "The chain is intact: \(verification.entriesChecked) entries checked, each matching its hash and linked to the entry before it. "
                    + "Head: entry #\(verification.head.seq), hash \(verification.head.hash).")
        }
        return back(
            to: PagePaths.ledger + "?before=\(fault.seq + 1)",
            "The chain is broken at entry #\(fault.seq): \(Self.sentence(fault.problem)) The \(verification.entriesChecked) entries before it are intact.",
            kind: "problem")
    }
}
