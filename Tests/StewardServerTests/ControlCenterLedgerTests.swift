import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardTestSupport

/// The Ledger page: the tenant's entries newest first, filtered and paged as the API reads them,
/// each unfolding to what its hash covers, and the chain verified on a sound and a tampered file.
@Suite("Control Center ledger")
struct ControlCenterLedgerTests {
    /// Twelve proposals a minute apart, each on its own account, after the fixture's own entries.
    static func propose(_ f: PagesFixture) async throws {
        for n in 0..<12 {
            f.clock.advance(seconds: 60)
            _ = try await f.propose(n % 3 == 0 ? "create_internal_note" : "send_email", account: "acct-\(n)", params: ["to": .string("n\(n)@acme.example")])
        }
    }

    /// The sequence numbers of the entries a page lists, in its order.
    static func seqs(_ html: String) -> [Int64] {
        html.components(separatedBy: "<tr id=\"entry-").dropFirst().compactMap { Int64($0.prefix { $0 != "\"" }) }
    }

    /// The address of the link with `id`, as the browser would follow it.
    static func link(_ id: String, in html: String) -> String? {
        guard let marker = html.range(of: " id=\"\(id)\""), let open = html[..<marker.lowerBound].range(of: "<a ", options: .backwards),
              let href = html[open.upperBound..<marker.lowerBound].range(of: "href=\"") else { return nil }
        return String(html[href.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
    }

    /// What `GET /v1/ledger` returns for `query`, newest first, as sequence numbers.
    static func api(_ client: any TestClientProtocol, _ f: PagesFixture, _ query: String) async throws -> [Int64] {
        let response = try await client.execute(uri: "/v1/ledger?limit=1000&\(query)", method: .get, headers: [.authorization: "Bearer \(f.operatorKey)"])
        #expect(response.status == .ok, "\(query)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
        let entries = try #require(body["entries"] as? [[String: Any]])
        return entries.compactMap { ($0["seq"] as? NSNumber)?.int64Value }.reversed()
    }

    /// Every page from the first by its Older links, then back by its Newer links: each page
    /// newest first, together every matching entry exactly once, as the API lists them.
    @Test func pagesWalkTheWholeLedgerNewestFirstAndBack() async throws {
        try await PagesFixture.run { f, client in
            try await Self.propose(f)
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            for filter in ["", "kind=action.proposed&"] {
                let all = try await Self.api(client, f, filter)
                #expect(all.count > 8)
                var page = try await otto.get(client, "/ui/ledger?\(filter)limit=3").html
                #expect(Self.link("newer", in: page) == nil)
                var walked = Self.seqs(page)
                var pages = 1
                while let older = Self.link("older", in: page) {
                    page = try await otto.get(client, older).html
                    let seqs = Self.seqs(page)
                    #expect(seqs == seqs.sorted(by: >) && seqs.count <= 3, "\(older)")
                    walked += seqs
                    pages += 1
                }
                #expect(walked == all, "\(filter)")
                #expect(pages == (all.count + 2) / 3)
                // And back up by the Newer links, to the newest entry.
                let last = Self.seqs(page)
                var back: [Int64] = []
                while let newer = Self.link("newer", in: page) {
                    page = try await otto.get(client, newer).html
                    let seqs = Self.seqs(page)
                    #expect(!seqs.isEmpty && seqs == seqs.sorted(by: >), "\(newer)")
                    #expect(Self.link("older", in: page) != nil, "\(newer)")
                    back += seqs
                }
                #expect((last + back).sorted(by: >) == all, "\(filter)")
                #expect(Self.seqs(page).first == all.first)
            }
        }
    }

    /// Kind (one or several), subject and a time range select what the API selects; the form
    /// keeps what was typed, an entry's kind and subject link to those filters, and the export
    /// links carry the filters.
    @Test func filtersSelectWhatTheAPISelects() async throws {
        try await PagesFixture.run { f, client in
            let start = f.clock.now()
            try await Self.propose(f)
            let action = try #require(try await f.spine.actions(tenant: "default", status: nil, account: "acct-4", agent: nil, after: nil, limit: 1).first)
            let subject = try #require(try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["action.proposed"], limit: 1000)).rows
                .first { $0.canonicalPayload.count > 0 && String(decoding: $0.canonicalPayload, as: UTF8.self).contains(action.proposal.id) }?.subject)
            let from = start.adding(seconds: 150).rfc3339, to = start.adding(seconds: 400).rfc3339
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            for query in ["kind=action.proposed", "kind=action.proposed,key.created", "kind=key.created&kind=tenant.created",
                          "subject=\(subject)", "from=\(from)&to=\(to)", "kind=action.proposed&from=\(from)"] {
                let api = try await Self.api(client, f, query)
                #expect(!api.isEmpty, "\(query)")
                let page = try await otto.get(client, "/ui/ledger?\(query)&limit=1000").html
                #expect(Self.seqs(page) == api, "\(query)")
                #expect(page.contains("Clear the filters"))
            }
            // QA r9 console M2: "a, b" as the form sends it (a space is "+") is both kinds, on the
            // page and in its export; the API reads the spaces away too.
            let both = try await Self.api(client, f, "kind=action.proposed,key.created")
            #expect(try await Self.api(client, f, "kind=action.proposed,%20key.created") == both)
            let spaced = try await otto.get(client, "/ui/ledger?kind=action.proposed%2C+key.created&limit=1000").html
            #expect(Self.seqs(spaced) == both)
            let spacedExport = try #require(Self.link("export-jsonl", in: spaced))
            let jsonl = String(buffer: try await client.execute(uri: spacedExport, method: .get, headers: [.cookie: otto.cookie]).body)
            #expect(jsonl.split(separator: "\n").count == both.count, "\(spacedExport)")
            let all = try await otto.get(client, "/ui/ledger").html
            #expect(!all.contains("Clear the filters") && all.contains("Download the whole ledger"))
            #expect(all.contains(#"<a href="/ui/ledger?kind=action.proposed" class="kind">"#))
            #expect(all.contains(#"href="/v1/ledger/export?format=jsonl""#))
            let typed = try await otto.get(client, "/ui/ledger?kind=action.proposed&subject=&from=\(from)&limit=5").html
            #expect(typed.contains(#"name="kind" value="action.proposed""#) && typed.contains("name=\"from\" value=\"\(from)\""))
            #expect(typed.contains(#"<input type="hidden" name="limit" value="5">"#))
            #expect(Self.seqs(typed).count == 5)
            let export = try #require(Self.link("export-csv", in: typed))
            #expect(export == "/v1/ledger/export?kind=action.proposed&from=\(from)&format=csv")
            let csv = String(buffer: try await client.execute(uri: export, method: .get, headers: [.cookie: otto.cookie]).body)
            // CSV lines end in CRLF (RFC 4180), one Character to Swift: count the bytes.
            #expect(csv.utf8.split(separator: UInt8(ascii: "\n")).count - 1 == (try await Self.api(client, f, "kind=action.proposed&from=\(from)")).count)
            // An entry's subject links to the same filters with that subject.
            let newest = try #require(Self.seqs(typed).first)
            let row = try #require(try await f.store.ledger(tenant: "default", query: LedgerQuery(afterSeq: newest - 1, limit: 1)).rows.first)
            #expect(typed.contains("href=\"/ui/ledger?kind=action.proposed&amp;subject=\(row.subject)&amp;from=\(from)&amp;limit=5\" class=\"subject\""))
        }
    }

    /// A filter that cannot be read is named on the page, with what was typed kept, not a 500.
    @Test func badFiltersAreNamedOnThePage() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let response = try await client.execute(uri: "/ui/ledger?from=yesterday&kind=action.proposed", method: .get, headers: [.cookie: otto.cookie])
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            let html = String(buffer: response.body)
            #expect(html.contains("<li>From: must be an RFC 3339 date-time such as 2026-11-21T00:00:00Z</li>"))
            #expect(html.contains(#"name="from" value="yesterday" spellcheck="false" aria-describedby="filter-from-hint" aria-invalid="true""#))
            #expect(html.contains(#"name="kind" value="action.proposed""#) && !html.contains(#"filter-kind-hint" aria-invalid"#))
            #expect(Self.seqs(html).isEmpty)
            let reversed = try await otto.get(client, "/ui/ledger?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z&before=x")
            #expect(reversed.status == .unprocessableContent)
            #expect(reversed.html.contains("<li>From: must not be after to (2026-01-01T00:00:00.000Z)</li>"))
            #expect(reversed.html.contains("<li>Older: must be a sequence number</li>"))
        }
    }

    /// An entry unfolds to its payload exactly as stored and hashed, its configuration revision
    /// and both hashes; the actor is named as a person when it is a key with a name.
    @Test func anEntryUnfoldsToWhatItsHashCovers() async throws {
        try await PagesFixture.run { f, client in
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            #expect(try await otto.post(client, "/ui/kill-switch", "state=engage&reason=audit+%3Cdrill%3E&confirm=yes").status == .seeOther)
            let row = try #require(try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["kill_switch.engaged"])).rows.last)
            let page = try await otto.get(client, "/ui/ledger").html
            #expect(page.contains(#"<li><a href="/ui/ledger" aria-current="page">Ledger</a></li>"#))
            let start = try #require(page.range(of: "<tr id=\"entry-\(row.seq)\">"))
            let entry = String(page[start.lowerBound...]).components(separatedBy: "</tr>")[0]
            #expect(entry.contains(#"<time datetime="\#(row.ts.rfc3339)" title="\#(PageTime.utc(row.ts))">\#(PageTime.utc(row.ts))</time>"#))
            #expect(entry.contains("<code>kill_switch.engaged</code>") && entry.contains("<code>\(row.actor)</code><br><span class=\"meta\">otto</span>"))
            #expect(entry.contains("<summary>") && entry.contains("reason audit &lt;drill&gt;"))
            #expect(entry.contains("<pre class=\"payload\">\(HTML.escape(String(decoding: row.canonicalPayload, as: UTF8.self)))</pre>"))
            #expect(entry.contains("<dd><code>\(row.configRevision)</code></dd>"))
            #expect(entry.contains("<code class=\"prev-hash\">\(row.prevHash)</code>") && entry.contains("<code class=\"hash\">\(row.hash)</code>"))
        }
    }

    /// "Verify chain" (a form with the page's CSRF token) goes back to the ledger, filters kept,
    /// saying in one line that the chain is intact with its count and head; after an entry is
    /// changed in the database file it goes to the page starting at that entry, naming it and why.
    @Test func verifyingFindsASoundChainAndThenTheAlteredEntry() async throws {
        try await PagesFixture.run { f, client in
            try await Self.propose(f)
            let head = try await f.store.head(tenant: "default")
            let otto = try await SignedIn.of(client, key: f.operatorKey)
            let page = try await otto.get(client, "/ui/ledger?kind=action.proposed").html
            #expect(page.contains(#"<form method="post" action="/ui/ledger/verify?kind=action.proposed" class="inline">"#))
            #expect(page.contains("<input type=\"hidden\" name=\"csrf\" value=\"\(otto.csrf)\">"))
            let sound = try await otto.post(client, "/ui/ledger/verify?kind=action.proposed", "")
            // Post/Redirect/Get: a reload of the page that follows does not post again.
            #expect(sound.status == .seeOther && sound.headers[.location] == "/ui/ledger?kind=action.proposed")
            let intact = try await otto.follow(client, sound)
            #expect(intact.contains(#"<div class="flash ok" role="status">The chain is intact: \#(head.seq) entries checked"#))
            #expect(intact.contains("Head: entry #\(head.seq), hash \(head.hash).</div>"))
            #expect(Self.seqs(intact) == (try await Self.api(client, f, "kind=action.proposed")), "the entries below keep the page's filters")

            let altered = head.seq - 4
            let queue = try DatabaseQueue(path: f.databasePath)
            try await queue.write { db in
                try db.execute(sql: "UPDATE ledger SET payload = '{\"forged\":true}' WHERE tenant = 'default' AND seq = ?", arguments: [altered])
            }
            let refused = try await otto.post(client, "/ui/ledger/verify", "")
            #expect(refused.status == .seeOther && refused.headers[.location] == "/ui/ledger?before=\(altered + 1)")
            let broken = try await otto.follow(client, refused)
            #expect(broken.contains(
                #"<div class="flash problem" role="alert">The chain is broken at entry #\#(altered): Its contents do not match its hash (altered)."#))
            #expect(broken.contains("The \(altered - 1) entries before it are intact.</div>"))
            #expect(Self.seqs(broken).first == altered, "the page starts at the bad entry")
            // Without the session's token nothing is verified: the form is sent back, as every page's is.
            var headers = ControlCenterTests.form
            headers[.cookie] = otto.cookie
            let forged = try await client.execute(uri: "/ui/ledger/verify", method: .post, headers: headers, body: ByteBuffer(string: "csrf=nope"))
            #expect(forged.status == .seeOther)
        }
    }
}
