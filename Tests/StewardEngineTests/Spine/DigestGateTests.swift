import Logging
import Testing
import StewardCore
@testable import StewardEngine
import StewardSQLite
import StewardTestSupport

/// Seed 003 mode 4: "daily digest as a gate". A scheduled run for an account waits while the
/// account has not been told, in a digest, what autopilot did for it the day before; the next
/// day's sweep completes a digest made before autopilot's last run of its day.
@Suite("The digest as a gate")
struct DigestGateTests {
    static let day1 = "2026-03-02", day2 = "2026-03-03"

    static func at(_ day: String, hour: Int) throws -> Timestamp {
        try #require(Timestamp.startOfUTCDay(day)).adding(milliseconds: Int64(hour) * 3_600_000)
    }

    /// A spine whose tenant and account `acme` run scheduled actions, at `day1` 09:00.
    static func scheduled() async throws -> SpineFixture {
        let f = try SpineFixture(configuration: SpineFixture.autopilot())
        f.clock.set(try at(day1, hour: 9))
        _ = try await f.spine.setAutonomy(tenant: "default", mode: .scheduled, autopilotScope: nil, accountDailyActions: nil, actor: "key:admin")
        _ = try await f.spine.setAccountAutonomy("acme", tenant: "default", mode: nil, scheduledOptIn: true, dailyActions: nil, actor: "key:op")
        return f
    }

    /// ``scheduled()`` with one autopilot run for acme at `day1` 10:00.
    static func withARunOnDay1() async throws -> (SpineFixture, ActionRecord) {
        let f = try await scheduled()
        f.clock.set(try at(day1, hour: 10))
        let ran = try await f.propose("create_internal_note")
        #expect(ran.decision.outcome == .autoExecute)
        return (f, ran)
    }

    func kinds(_ f: SpineFixture, _ kind: String) async throws -> Int {
        try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: [kind])).rows.count
    }

    @Test func aScheduledRunWaitsUntilYesterdaysAutopilotWasTold() async throws {
        let f = try await Self.scheduled()
        defer { f.close() }
        f.clock.set(try Self.at(Self.day1, hour: 10))
        #expect(try await f.propose("create_internal_note").decision.outcome == .autoExecute)

        // No replica was up at the digest hour of day 1: nothing told acme about that run.
        f.clock.set(try Self.at(Self.day2, hour: 9))
        let waiting = try await f.propose("create_followup_task", trigger: .schedule)
        #expect(waiting.status == .deferred && waiting.decision.reason == "DIGEST_PENDING")
        #expect(waiting.decision.explanation.contains(Self.day1))
        #expect(waiting.decision.deferUntil == f.clock.now().adding(milliseconds: 5 * 60_000))
        // An agent's own proposal is no scheduled run: autopilot goes on.
        #expect(try await f.propose("create_internal_note", account: "globex").decision.outcome == .autoExecute)

        // The next day's first sweep makes the missed digest; the deferred run goes in the same
        // round, not at the end of its five minutes (QA r9 pg M1).
        let service = SpineService(spine: f.spine, store: f.store, clock: ContinuousClock(), wallClock: f.clock, holder: "r1", logger: Logger(label: "test"))
        let days = await service.tick(.init())
        #expect(days.completed == Self.day1 && days.published == nil)
        #expect(try await f.spine.digest(tenant: "default", account: "acme", date: Self.day1).stored)
        let deferUntil = try #require(waiting.decision.deferUntil)
        #expect(f.clock.now() < deferUntil)
        #expect(try await f.spine.action(waiting.proposal.id, tenant: "default").record.status == .dispatched)
    }

    @Test func aDigestMadeBeforeAutopilotsLastRunIsCompletedTheNextDay() async throws {
        let f = try await Self.scheduled()
        defer { f.close() }
        f.clock.set(try Self.at(Self.day1, hour: 10))
        let first = try await f.propose("create_internal_note")
        f.clock.set(try Self.at(Self.day1, hour: 18))
        #expect(try await f.spine.publishDigests(date: Self.day1) == 1)
        f.clock.set(try Self.at(Self.day1, hour: 19))
        let late = try await f.propose("draft_email")
        #expect(late.decision.outcome == .autoExecute)

        f.clock.set(try Self.at(Self.day2, hour: 8))
        #expect(try await f.propose("create_followup_task", trigger: .schedule).decision.reason == "DIGEST_PENDING")
        #expect(try await f.spine.publishDigests(date: Self.day1, completing: true) == 1)
        // Completed once: what it lists now is all autopilot did that day.
        #expect(try await f.spine.publishDigests(date: Self.day1, completing: true) == 0)
        let digest = try await f.spine.digest(tenant: "default", account: "acme", date: Self.day1)
        #expect(digest.stored && Set(digest.digest.autopilot.map(\.actionID)) == [first.proposal.id, late.proposal.id])
        #expect(try await kinds(f, "digest.generated") == 1)
        #expect(try await kinds(f, "digest.completed") == 1)

        f.clock.set(try Self.at(Self.day2, hour: 10))
        #expect(try await f.propose("generate_meeting_brief", trigger: .schedule).decision.outcome == .autoExecute)
    }

    @Test func aDigestThatToldItAllHoldsNothingBack() async throws {
        let (f, _) = try await Self.withARunOnDay1()
        defer { f.close() }
        f.clock.set(try Self.at(Self.day1, hour: 18))
        #expect(try await f.spine.publishDigests(date: Self.day1) == 1)
        f.clock.set(try Self.at(Self.day2, hour: 9))
        #expect(try await f.spine.publishDigests(date: Self.day1, completing: true) == 0)
        #expect(try await f.propose("create_followup_task", trigger: .schedule).decision.outcome == .autoExecute)
    }

    /// A published digest reads the day's actions through the day's ledger entries (and whatever
    /// still waits), not the tenant's whole history: the day before's runs stay out, a request
    /// proposed then and still waiting is in, and so is one approved and run today.
    @Test func aPublishedDigestListsTheDaysActionsAndWhatStillWaits() async throws {
        let f = try await Self.scheduled()
        defer { f.close() }
        f.clock.set(try Self.at(Self.day1, hour: 10))
        let yesterdays = try await f.propose("create_internal_note")
        let waiting = try await f.propose("send_email")
        let approvedToday = try await f.propose("contact_customer")
        #expect(waiting.status == .pendingApproval && approvedToday.status == .pendingApproval)
        f.clock.set(try Self.at(Self.day2, hour: 9))
        _ = try await f.spine.approve(approvedToday.proposal.id, tenant: "default", by: "key:op", params: nil, note: nil)
        let todays = try await f.propose("draft_email")
        f.clock.set(try Self.at(Self.day2, hour: 18))
        #expect(try await f.spine.publishDigests(date: Self.day2) == 1)
        let digest = try await f.spine.digest(tenant: "default", account: "acme", date: Self.day2)
        #expect(digest.stored)
        #expect(digest.digest.autopilot.map(\.actionID) == [todays.proposal.id])
        #expect(digest.digest.awaiting.map(\.actionID) == [waiting.proposal.id])
        #expect(digest.digest.approved.map(\.actionID) == [approvedToday.proposal.id])
        #expect(!digest.digest.autopilot.map(\.actionID).contains(yesterdays.proposal.id))
    }

    func service(_ f: SpineFixture) -> SpineService<ContinuousClock> {
        SpineService(spine: f.spine, store: f.store, clock: ContinuousClock(), wallClock: f.clock, holder: "r1", logger: Logger(label: "test"))
    }

    /// QA r6 time M1: with no replica up for the whole day after, a day's digest was never made
    /// and the gate, looking at the day before only, held nothing.
    @Test func aDigestMissedForDaysIsOwedAndMadeAtTheNextStart() async throws {
        let (f, ran) = try await Self.withARunOnDay1()
        defer { f.close() }
        f.clock.set(try Self.at("2026-03-05", hour: 9))
        let waiting = try await f.propose("create_followup_task", trigger: .schedule)
        #expect(waiting.decision.reason == "DIGEST_PENDING" && waiting.decision.explanation.contains(Self.day1))
        _ = await service(f).tick(.init())
        let digest = try await f.spine.digest(tenant: "default", account: "acme", date: Self.day1)
        #expect(digest.stored && digest.digest.autopilot.map(\.actionID) == [ran.proposal.id])
        // The digest made, the deferred run went in the same round.
        #expect(try await f.spine.action(waiting.proposal.id, tenant: "default").record.status == .dispatched)
    }

    /// QA r6 time M2: the first round after midnight decided deferred runs again before it made the
    /// digests, so each scheduled run due then waited five more minutes for a digest made 8 ms later.
    @Test func theFirstRoundOfADayMakesTheDigestsBeforeItDecidesDeferredRunsAgain() async throws {
        let (f, _) = try await Self.withARunOnDay1()
        defer { f.close() }
        f.clock.set(try Self.at(Self.day2, hour: 0))
        let waiting = try await f.propose("create_followup_task", trigger: .schedule)
        #expect(waiting.status == .deferred && waiting.decision.reason == "DIGEST_PENDING")
        f.clock.advance(seconds: 301)
        var days = SpineService<ContinuousClock>.DigestDays()
        days.completed = "2026-03-01"
        _ = await service(f).tick(days)
        #expect(try await f.spine.action(waiting.proposal.id, tenant: "default").record.status == .dispatched)
    }

    /// Caught up late, a day with nothing but what still waits gets no digest of its own: a server
    /// down for a week would otherwise send one per missed day listing the same requests.
    @Test func aMissedDayWithOnlyWaitingRequestsGetsNoLateDigest() async throws {
        let f = try await Self.scheduled()
        defer { f.close() }
        f.clock.set(try Self.at(Self.day1, hour: 10))
        #expect(try await f.propose("send_email").status == .pendingApproval)
        f.clock.set(try Self.at("2026-03-05", hour: 9))
        _ = await service(f).tick(.init())
        #expect(try await kinds(f, "digest.generated") == 0)
        #expect(try await f.spine.digest(tenant: "default", account: "acme", date: Self.day1).stored == false)
    }

    /// QA r6 upgrade H2: day rows written by a build before `lastAt` was kept never marked a digest
    /// made too early as owed, so it was never completed. A run it does not list completes it.
    @Test func aDigestMissingARunIsCompletedWhateverTheDayRowKept() async throws {
        let (f, first) = try await Self.withARunOnDay1()
        defer { f.close() }
        f.clock.set(try Self.at(Self.day1, hour: 18))
        #expect(try await f.spine.publishDigests(date: Self.day1) == 1)
        f.clock.set(try Self.at(Self.day1, hour: 19))
        let late = try await f.propose("draft_email")
        // As an earlier build left the day row: its count, no `lastAt`.
        _ = try await f.store.commit(StoreCommit(projections: [.put(ProjectionDocument(
            tenant: "default", collection: SpineRows.daily, id: SpineRows.accountDay("acme", Self.day1), body: ["autonomous": 2]))]))
        f.clock.set(try Self.at(Self.day2, hour: 9))
        #expect(try await f.spine.publishDigests(date: Self.day1, completing: true) == 1)
        let digest = try await f.spine.digest(tenant: "default", account: "acme", date: Self.day1)
        #expect(Set(digest.digest.autopilot.map(\.actionID)) == [first.proposal.id, late.proposal.id])
    }
}
