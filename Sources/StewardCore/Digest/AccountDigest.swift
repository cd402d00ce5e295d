/// Seed 003 §5.1's daily digest for one account: what autopilot did, what waits for a person, what
/// was deferred or blocked, and what it cost, so that nobody wakes up to surprises.
public struct AccountDigest: Sendable, Hashable, Codable {
    /// The tenant.
    public var tenant: String
    /// The account.
    public var account: String
    /// The UTC day it covers, `YYYY-MM-DD`.
    public var date: String
    /// When it was built.
    public var generatedAt: Timestamp
    /// Actions the gate let run without a person that day.
    public var autopilot: [DigestItem]
    /// Actions a person approved whose execution started that day (requests that expired as
    /// approved ran with no person: they are in `autopilot`).
    public var approved: [DigestItem]
    /// Actions still waiting for a person's approval, whenever they were proposed.
    public var awaiting: [DigestItem]
    /// Actions the cost gate re-queued and that have not run yet.
    public var deferred: [DigestItem]
    /// Actions the gate refused that day.
    public var blocked: [DigestItem]
    /// Counts and the day's charges.
    public var totals: DigestTotals

    /// How many days back digests are made when missed (no replica up at the hour) or completed,
    /// and owed before a scheduled run (seed 003 mode 4).
    public static let lookBackDays = 7

    /// The UTC days of the look-back before the day of `now`, oldest first.
    public static func lookBack(before now: Timestamp) -> [String] {
        (1...lookBackDays).reversed().map { now.startOfUTCDay.adding(milliseconds: -Int64($0) * Timestamp.millisecondsPerDay).utcDay }
    }

    /// Creates a digest.
    public init(
        tenant: String, account: String, date: String, generatedAt: Timestamp, autopilot: [DigestItem], approved: [DigestItem] = [],
        awaiting: [DigestItem], deferred: [DigestItem], blocked: [DigestItem], totals: DigestTotals
    ) {
        self.tenant = tenant
        self.account = account
        self.date = date
        self.generatedAt = generatedAt
        self.autopilot = autopilot
        self.approved = approved
        self.awaiting = awaiting
        self.deferred = deferred
        self.blocked = blocked
        self.totals = totals
    }

    private enum CodingKeys: String, CodingKey {
        case tenant, account, date, generatedAt, autopilot, approved, awaiting, deferred, blocked, totals
    }

    /// Reads a digest; one stored before approvals had their own section has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tenant = try c.decode(String.self, forKey: .tenant)
        account = try c.decode(String.self, forKey: .account)
        date = try c.decode(String.self, forKey: .date)
        generatedAt = try c.decode(Timestamp.self, forKey: .generatedAt)
        autopilot = try c.decode([DigestItem].self, forKey: .autopilot)
        approved = try c.decodeIfPresent([DigestItem].self, forKey: .approved) ?? []
        awaiting = try c.decode([DigestItem].self, forKey: .awaiting)
        deferred = try c.decode([DigestItem].self, forKey: .deferred)
        blocked = try c.decode([DigestItem].self, forKey: .blocked)
        totals = try c.decode(DigestTotals.self, forKey: .totals)
    }

    /// The digest of `date` (UTC, `YYYY-MM-DD`) for one account, from its action records; nil if
    /// `date` is not a real day.
    ///
    /// The day is [date 00:00Z, next day 00:00Z). Autopilot and blocked items are those the gate
    /// decided that day: the latest decision's time is used rather than the proposal's, so an
    /// action deferred yesterday and run by autopilot today is reported today, when it ran.
    /// Waiting and deferred items are whatever is still in that state, proposed before the day's
    /// end: a digest rebuilt later does not list what was proposed after its day. Charges are
    /// those of executions that started that day, when the budget is charged.
    public static func build(
        tenant: String, account: String, date: String, from records: [ActionRecord], generatedAt: Timestamp
    ) -> AccountDigest? {
        guard let start = Timestamp.startOfUTCDay(date) else { return nil }
        let end = start.adding(milliseconds: Timestamp.millisecondsPerDay)
        let day = start..<end
        let mine = records.filter { $0.proposal.tenant == tenant && $0.proposal.account == account }

        func items(_ include: (ActionRecord) -> Bool) -> [DigestItem] {
            mine.filter(include).map { $0.decision.outcome == .autoExecute ? DigestItem(record: $0) : DigestItem(ran: $0) }
                .sorted(by: DigestItem.inOrder)
        }
        // What ran with no person: autopilot's decisions of the day, and requests that expired as
        // approved and started that day (no person approved them either).
        let autopilot = items { record in
            record.decision.outcome == .autoExecute ? day.contains(record.decision.decidedAt)
                : record.ranWithoutPerson && (record.execution.map { day.contains($0.startedAt) } ?? false)
        }
        let awaiting = items { $0.status == .pendingApproval && $0.createdAt < end }
        let deferred = items { $0.status == .deferred && $0.createdAt < end }
        let blocked = items { $0.status == .blocked && day.contains($0.decision.decidedAt) }
        let executed = mine.filter { record in record.execution.map { day.contains($0.startedAt) } ?? false }
        // Everything executed that day is in a section: what ran alone above, a person's approvals here.
        let approved = executed.filter { !$0.ranWithoutPerson }.map(DigestItem.init(ran:)).sorted(by: DigestItem.inOrder)

        let totals = DigestTotals(
            autopilot: autopilot.count, approved: approved.count, awaiting: awaiting.count, deferred: deferred.count, blocked: blocked.count,
            executed: executed.count, chargedUsd: RoundedUsd.of(executed.reduce(0) { $0 + $1.chargedUsd }))
        return AccountDigest(
            tenant: tenant, account: account, date: date, generatedAt: generatedAt, autopilot: autopilot, approved: approved,
            awaiting: awaiting, deferred: deferred, blocked: blocked, totals: totals)
    }
}
