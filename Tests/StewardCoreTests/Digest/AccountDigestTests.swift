import Testing
import StewardCore

@Suite struct AccountDigestTests {
    typealias F = DigestFixtures
    static let nextDay = F.day.adding(milliseconds: Timestamp.millisecondsPerDay)
    static let lastMillisecond = nextDay.adding(milliseconds: -1)
    static let generatedAt = nextDay.adding(milliseconds: 6 * 3_600_000)

    /// One account's week around 2026-03-14, with neighbours that must not leak in.
    static let records: [ActionRecord] = [
        F.record("a1", status: .succeeded, outcome: .autoExecute, at: F.at(9, 30), executedAt: F.at(9, 30),
                 chargedUsd: 0.002, labels: [.executionSucceeded]),
        F.record("a2", type: "generate_meeting_brief", status: .executing, outcome: .autoExecute, at: lastMillisecond,
                 executedAt: lastMillisecond, chargedUsd: 0.05),
        F.record("a3", status: .succeeded, outcome: .autoExecute, at: nextDay, executedAt: nextDay, chargedUsd: 0.002),
        F.record("a4", status: .succeeded, outcome: .autoExecute, at: F.day.adding(milliseconds: -1),
                 executedAt: F.day.adding(milliseconds: -1), chargedUsd: 0.002),
        F.record("p1", type: "send_email", status: .pendingApproval, outcome: .requireApproval,
                 reason: "EXTERNAL_CONTACT", at: F.at(-48 + 10)),
        F.record("p2", type: "change_forecast", status: .pendingApproval, outcome: .requireApproval, at: F.at(11)),
        F.record("p3", type: "send_email", status: .pendingApproval, outcome: .requireApproval, at: nextDay),
        F.record("d1", type: "generate_meeting_brief", status: .deferred, outcome: .defer_, at: F.at(14),
                 deferUntil: nextDay.adding(milliseconds: 6 * 3_600_000)),
        F.record("b1", type: "modify_pricing", status: .blocked, outcome: .block, reason: "POLICY_BLOCK", at: F.at(15)),
        F.record("b2", type: "modify_pricing", status: .blocked, outcome: .block, at: F.day.adding(milliseconds: -1)),
        F.record("r1", type: "send_email", status: .succeeded, outcome: .requireApproval, at: F.at(8),
                 executedAt: F.at(16), chargedUsd: 0.01, labels: [.ideaEdited, .executionSucceeded]),
        F.record("j1", type: "send_email", status: .rejected, outcome: .requireApproval, at: F.at(8),
                 labels: [.ideaRejected]),
        F.record("x1", account: "acct-2", status: .succeeded, outcome: .autoExecute, at: F.at(10), executedAt: F.at(10),
                 chargedUsd: 1),
        F.record("x2", tenant: "globex", status: .pendingApproval, outcome: .requireApproval, at: F.at(10)),
        F.record("x3", account: nil, status: .blocked, outcome: .block, at: F.at(10)),
    ]

    func digest(_ date: String = "2026-03-14") throws -> AccountDigest {
        try #require(AccountDigest.build(tenant: "acme", account: "acct-1", date: date, from: Self.records,
                                         generatedAt: Self.generatedAt))
    }

    /// QA r6 time L1: what a person approved, or an expiry let run, was shown at its proposal's
    /// time with the sentence that had held it, as if it had run then for that reason.
    @Test func whatRanAfterBeingHeldIsShownWhenItRanAndWhoLetIt() throws {
        let approved = try #require(try digest().approved.first)
        #expect(approved.actionID == "r1" && approved.at == DigestFixtures.at(16))
        #expect(approved.explanation.hasPrefix("Approved by key:ops and run. Held for a person because: "))
        var expired = DigestFixtures.record("e1", type: "draft_email", status: .dispatched, outcome: .requireApproval, at: DigestFixtures.at(9),
                                            executedAt: DigestFixtures.at(17))
        expired.approvals = []
        let digest = try #require(AccountDigest.build(tenant: "acme", account: "acct-1", date: "2026-03-14", from: [expired], generatedAt: Self.generatedAt))
        let item = try #require(digest.autopilot.first)
        #expect(item.at == DigestFixtures.at(17))
        #expect(item.explanation.hasPrefix("Ran when its approval request expired unanswered, as draft_email does on expiry."))
    }

    @Test func sections() throws {
        let digest = try digest()
        #expect(digest.tenant == "acme" && digest.account == "acct-1" && digest.date == "2026-03-14")
        #expect(digest.generatedAt == Self.generatedAt)
        #expect(digest.autopilot.map(\.actionID) == ["a1", "a2"])
        #expect(digest.awaiting.map(\.actionID) == ["p1", "p2"])
        #expect(digest.deferred.map(\.actionID) == ["d1"])
        #expect(digest.blocked.map(\.actionID) == ["b1"])
        // QA paging L7: what a person approved and ran that day has its section, so every execution is in one.
        #expect(digest.approved.map(\.actionID) == ["r1"])
        #expect(digest.totals == DigestTotals(autopilot: 2, approved: 1, awaiting: 2, deferred: 1, blocked: 1, executed: 3,
                                              chargedUsd: 0.062))
        // QA r6 L7: the sum is written as money, not with its float residue (0.062000000000000006).
        #expect(String(describing: digest.totals.chargedUsd) == "0.062")
        #expect(digest.totals.autopilot + digest.totals.approved == digest.totals.executed)
    }

    @Test func itemsCarryTheDecisionAndLatestOutcome() throws {
        let digest = try digest()
        let a1 = try #require(digest.autopilot.first)
        #expect(a1 == DigestItem(actionID: "a1", type: "create_internal_note", agent: "scout", status: "succeeded",
                                 at: F.at(9, 30), reason: "POLICY_ALLOW", explanation: "Allowed.",
                                 outcome: .executionSucceeded))
        #expect(digest.awaiting.first?.reason == "EXTERNAL_CONTACT")
        #expect(digest.awaiting.first?.outcome == nil)
        #expect(digest.deferred.first?.deferUntil == Self.generatedAt)
        #expect(digest.autopilot.allSatisfy { $0.deferUntil == nil })
    }

    @Test func dayBoundaries() throws {
        // a2 at 23:59:59.999Z belongs to the 14th; a3 at 00:00:00.000Z on the 15th does not.
        let fourteenth = try digest()
        #expect(fourteenth.autopilot.contains { $0.actionID == "a2" })
        #expect(!fourteenth.autopilot.contains { $0.actionID == "a3" || $0.actionID == "a4" })
        let fifteenth = try digest("2026-03-15")
        #expect(fifteenth.autopilot.map(\.actionID) == ["a3"])
        #expect(fifteenth.awaiting.map(\.actionID) == ["p1", "p2", "p3"])
        #expect(fifteenth.totals.executed == 1 && fifteenth.totals.chargedUsd == 0.002)
        let thirteenth = try digest("2026-03-13")
        #expect(thirteenth.autopilot.map(\.actionID) == ["a4"])
        #expect(thirteenth.blocked.map(\.actionID) == ["b2"])
        #expect(thirteenth.awaiting.map(\.actionID) == ["p1"])
    }

    @Test func deferredThenAutoExecutedCountsOnTheDayItRan() throws {
        let record = F.record("late", status: .succeeded, outcome: .autoExecute, at: F.day.adding(milliseconds: -3_600_000),
                              decidedAt: F.at(7), executedAt: F.at(7))
        let digest = try #require(AccountDigest.build(tenant: "acme", account: "acct-1", date: "2026-03-14",
                                                      from: [record], generatedAt: Self.generatedAt))
        #expect(digest.autopilot.map(\.actionID) == ["late"])
    }

    @Test func itemsSortByTimeThenID() throws {
        let records = ["c", "a", "b"].map { F.record($0, status: .blocked, outcome: .block, at: F.at(12)) }
            + [F.record("z", status: .blocked, outcome: .block, at: F.at(11))]
        let digest = try #require(AccountDigest.build(tenant: "acme", account: "acct-1", date: "2026-03-14",
                                                      from: records, generatedAt: Self.generatedAt))
        #expect(digest.blocked.map(\.actionID) == ["z", "a", "b", "c"])
    }

    @Test func refusesAnUnrealDate() {
        #expect(AccountDigest.build(tenant: "acme", account: "acct-1", date: "2026-02-29", from: Self.records,
                                    generatedAt: Self.generatedAt) == nil)
    }

    @Test func emptyDay() throws {
        let digest = try #require(AccountDigest.build(tenant: "acme", account: "acct-9", date: "2026-03-14", from: Self.records,
                                                      generatedAt: Self.generatedAt))
        #expect(digest.autopilot.isEmpty && digest.awaiting.isEmpty && digest.deferred.isEmpty && digest.blocked.isEmpty)
        #expect(digest.totals == DigestTotals(autopilot: 0, awaiting: 0, deferred: 0, blocked: 0, executed: 0, chargedUsd: 0))
    }
}
