import Testing
import StewardCore

@Suite struct AccountDigestMarkdownTests {
    typealias F = DigestFixtures
    static let generatedAt = F.day.adding(milliseconds: 30 * 3_600_000)

    @Test func goldenDigest() throws {
        let records = [
            F.record("a1", status: .succeeded, outcome: .autoExecute,
                     explanation: "Low-risk internal note; autopilot may run it.", at: F.at(9, 30), executedAt: F.at(9, 30),
                     chargedUsd: 0.002, labels: [.executionSucceeded]),
            F.record("p1", type: "send_email", agent: "closer", status: .pendingApproval, outcome: .requireApproval,
                     explanation: "Sending email reaches a customer; a person must approve.", at: F.at(-38)),
            F.record("d1", type: "generate_meeting_brief", status: .deferred, outcome: .defer_,
                     explanation: "Decided recently; trying again tomorrow.", at: F.at(14),
                     deferUntil: F.at(30)),
        ]
        let digest = try #require(AccountDigest.build(tenant: "acme", account: "acct-1", date: "2026-03-14",
                                                      from: records, generatedAt: Self.generatedAt))
        let expected = """
            # Daily digest — acct-1, 2026-03-14

            Tenant acme. Generated 2026-03-15T06:00:00.000Z. Times are UTC.

            ## What autopilot did

            - **create_internal_note** by scout at 09:30:00 — Low-risk internal note; autopilot may run it. \
            (succeeded, EXECUTION_SUCCEEDED)

            ## Approved by a person and run

            Nothing.

            ## Waiting for you

            - **send_email** by closer at 2026-03-12 10:00:00 — Sending email reaches a customer; a person must \
            approve. (pending_approval)

            ## Deferred

            - **generate_meeting_brief** by scout at 14:00:00 — Decided recently; trying again tomorrow. \
            (deferred, until 2026-03-15 06:00:00)

            ## Blocked

            Nothing.

            **Totals:** 1 by autopilot, 0 approved, 1 waiting, 1 deferred, 0 blocked; 1 executed, $0.002 charged.

            """
        #expect(digest.markdown() == expected)
    }

    @Test func emptySectionsSayNothing() throws {
        let digest = try #require(AccountDigest.build(tenant: "acme", account: "acct-1", date: "2026-03-14", from: [],
                                                      generatedAt: Self.generatedAt))
        let lines = digest.markdown().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "# Daily digest — acct-1, 2026-03-14")
        for title in ["What autopilot did", "Approved by a person and run", "Waiting for you", "Deferred", "Blocked"] {
            let index = try #require(lines.firstIndex(of: "## \(title)"))
            #expect(lines[index + 2] == "Nothing.")
        }
        #expect(lines.contains("**Totals:** 0 by autopilot, 0 approved, 0 waiting, 0 deferred, 0 blocked; 0 executed, $0.00 charged."))
    }

    @Test func explanationsStayOnOneLine() throws {
        let record = F.record("b1", type: "modify_pricing", status: .blocked, outcome: .block,
                              explanation: "Pricing is off limits.\nAsk finance.", at: F.at(15))
        let digest = try #require(AccountDigest.build(tenant: "acme", account: "acct-1", date: "2026-03-14",
                                                      from: [record], generatedAt: Self.generatedAt))
        #expect(digest.markdown().contains(
            "- **modify_pricing** by scout at 15:00:00 — Pricing is off limits. Ask finance. (blocked)\n"))
    }
}
