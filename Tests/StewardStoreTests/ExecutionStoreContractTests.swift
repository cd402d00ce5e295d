import Testing
import StewardCore

/// Execution records on every store (seed 004 §1b.2): appended in a commit's transaction, never
/// stored twice, read back by page, by id, by skill and as baseline columns, tenant by tenant.
@Suite("Execution store contract")
struct ExecutionStoreContractTests {
    static let day: Int64 = 86_400_000
    /// 2026-03-01T00:00:00Z.
    static let origin: Int64 = 1_772_323_200_000

    /// An execution starting `minute` minutes after the origin.
    static func record(
        _ id: String, skill: String = "deploy", minute: Int64 = 0, succeeded: Bool = true, latencyMs: Int64 = 120,
        cost: Double? = 0.01, tokens: Int64 = 0, quotaPct: Double? = nil, tier: SkillExecution.CostTier? = .Standard
    ) -> SkillExecution {
        let start = Timestamp(millisecondsSinceEpoch: origin + minute * 60_000)
        var record = SkillExecution(
            executionID: id, skillName: skill, skillVersion: "1.0.0", start: start, end: start.adding(milliseconds: latencyMs),
            succeeded: succeeded, totalLatencyMs: latencyMs)
        record.costUSD = cost
        record.costSource = cost == nil ? .unknown : .reported
        record.tokensUsed = tokens
        record.tokensInput = tokens
        record.freeTierQuotaPctUsed = quotaPct
        record.costTier = tier
        return record
    }

    static func row(_ record: SkillExecution, tenant: String = "acme") throws -> ExecutionRow {
        ExecutionRow(tenant: tenant, record: record, body: try CanonicalJSON.string(record.json))
    }

    /// Commits `rows` with one ledger entry, as telemetry does.
    @discardableResult
    static func append(_ rows: [ExecutionRow], to store: any Store, tenant: String = "acme", n: Int = 0) async throws -> CommitReceipt {
        var commit = StoreCommit(drafts: [try draft(tenant, kind: "executions.ingested", subject: "skills", n: n)])
        commit.executions = rows
        return try await store.commit(commit)
    }

    /// Every page of `query`, following `next`.
    static func all(_ store: any Store, tenant: String = "acme", _ query: ExecutionQuery = ExecutionQuery(limit: 1_000)) async throws
        -> [(position: Int64, body: String)]
    {
        var rows: [(position: Int64, body: String)] = []
        var query = query
        while true {
            let page = try await store.executions(tenant: tenant, query: query)
            rows += page.rows
            guard let next = page.next else { return rows }
            #expect(next == page.rows.last?.position, "a page's cursor is its last row")
            query.after = next
        }
    }

    static func ids(_ rows: [(position: Int64, body: String)]) throws -> [String] {
        try rows.map { try #require(try JSONReader.parse($0.body)["execution_id"]?.stringValue) }
    }

    @Test(arguments: StoreKind.allCases)
    func appendsRowsWithTheLedgerEntryOfTheirCommit(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        let records = [Self.record("r1"), Self.record("r2", succeeded: false, cost: nil, tokens: 40), Self.record("r3", tier: nil)]
        let receipt = try await Self.append(records.map { try Self.row($0) }, to: store)
        #expect(receipt.seals.map(\.seq) == [1])
        #expect(try await store.head(tenant: "acme").seq == 1)

        let rows = try await Self.all(store)
        #expect(try rows.map(\.body) == records.map { try CanonicalJSON.string($0.json) })
        #expect(zip(rows.dropFirst(), rows).allSatisfy { $0.position > $1.position })
        // The stored body reads back into the very record.
        let prices = PriceTable()
        for (row, record) in zip(rows, records) {
            guard case .accepted(let again, _) = ExecutionCheck.read(
                try JSONReader.parse(row.body), now: record.end, maxFutureSkewSeconds: 0, prices: prices)
            else {
                Issue.record("stored body of \(record.executionID) no longer reads")
                continue
            }
            #expect(again == record)
        }

        // A commit that fails stores none of its rows.
        var failing = StoreCommit(
            drafts: [try draft(n: 1)], preconditions: [ProjectionPrecondition(tenant: "acme", collection: "agents", id: "x", expectedVersion: 3)])
        failing.executions = [try Self.row(Self.record("lost"))]
        await #expect(throws: StoreError.self) { try await store.commit(failing) }
        #expect(Set(try await store.storedExecutions(tenant: "acme", ids: ["lost", "r1"]).keys) == ["r1"])
        #expect(try await Self.all(store).count == 3)
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func aStoredIDRefusesItsCommitAndTheFirstBodyStays(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        let first = try Self.row(Self.record("same", latencyMs: 100))
        try await Self.append([first, try Self.row(Self.record("other"))], to: store)

        /// The code a commit of `rows` fails with, or nil when it is stored.
        func refusal(_ rows: [ExecutionRow], n: Int) async -> StoreError.Code? {
            do {
                try await Self.append(rows, to: store, n: n)
                return nil
            } catch let error as StoreError {
                return error.code
            } catch {
                return .unavailable
            }
        }
        // The same id again, with a new body: the whole commit is refused, its other rows and its
        // ledger entry too, so a commit that returns stored everything it carried.
        let again = [try Self.row(Self.record("same", latencyMs: 999)), try Self.row(Self.record("new"))]
        #expect(await refusal(again, n: 1) == .conflict)
        // One id twice in one commit is refused the same way.
        #expect(await refusal([try Self.row(Self.record("twin")), try Self.row(Self.record("twin", latencyMs: 5))], n: 2) == .conflict)
        let rows = try await Self.all(store)
        #expect(try Self.ids(rows) == ["same", "other"])
        #expect(rows[0].body == first.body)
        #expect(try await store.head(tenant: "acme").seq == 1)
        #expect(try await store.storedExecutions(tenant: "acme", ids: ["same", "new", "twin"]) == ["same": first.body])
        // The store stays usable: the new row alone is stored.
        try await Self.append([try Self.row(Self.record("new"))], to: store, n: 3)

        // Concurrent commits carrying the same id (grouped into shared transactions): exactly one
        // wins, and the others store nothing, not even their own other row.
        let outcomes = await withTaskGroup(of: (Int, StoreError.Code?).self) { group in
            for i in 0..<20 {
                group.addTask {
                    let rows = [try? Self.row(Self.record("raced", latencyMs: Int64(i))), try? Self.row(Self.record("solo-\(i)"))]
                    return (i, await refusal(rows.compactMap { $0 }, n: 10 + i))
                }
            }
            return await group.reduce(into: [(Int, StoreError.Code?)]()) { $0.append($1) }
        }
        let winners = outcomes.filter { $0.1 == nil }.map(\.0)
        #expect(winners.count == 1)
        #expect(outcomes.allSatisfy { $0.1 == nil || $0.1 == .conflict })
        let after = try Self.ids(try await Self.all(store))
        #expect(after.filter { $0 == "raced" }.count == 1)
        #expect(Set(after) == Set(["same", "other", "new", "raced"] + winners.map { "solo-\($0)" }) && Set(after).count == after.count)
        #expect(try await store.head(tenant: "acme").seq == Int64(2 + winners.count))
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func pagesReturnEachRowOnceInStorageOrder(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        var expected: [String] = []
        for batch in 0..<6 {
            // Start times deliberately out of order: pages follow storage, not start.
            let ids = (0..<(batch + 3)).map { "b\(batch)-\($0)" }
            try await Self.append(ids.enumerated().map { try Self.row(Self.record($0.element, minute: Int64(100 - batch * 10 - $0.offset))) }, to: store, n: batch)
            expected += ids
        }
        for limit in [1, 4, 7, expected.count, 500] {
            let rows = try await Self.all(store, ExecutionQuery(limit: limit))
            #expect(try Self.ids(rows) == expected, "limit \(limit)")
        }
        let firstPage = try await store.executions(tenant: "acme", query: ExecutionQuery(limit: 5))
        #expect(firstPage.rows.count == 5 && firstPage.next == firstPage.rows[4].position)
        let rest = try await store.executions(tenant: "acme", query: ExecutionQuery(after: try #require(firstPage.next), limit: 1_000))
        #expect(try Self.ids(rest.rows) == Array(expected.dropFirst(5)) && rest.next == nil)
        let exact = try await store.executions(tenant: "acme", query: ExecutionQuery(limit: expected.count))
        #expect(exact.rows.count == expected.count && exact.next == nil, "a page that ends with the last row has no next")
        let beyond = try await store.executions(tenant: "acme", query: ExecutionQuery(after: try #require(exact.rows.last?.position), limit: 10))
        #expect(beyond.rows.isEmpty && beyond.next == nil)
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func filtersBySkillTimeAndOutcome(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        var records: [SkillExecution] = []
        for i in 0..<40 {
            records.append(Self.record("e\(i)", skill: ["deploy", "review", "scan"][i % 3], minute: Int64(i), succeeded: i % 4 != 0))
        }
        try await Self.append(records.prefix(20).map { try Self.row($0) }, to: store)
        try await Self.append(records.dropFirst(20).map { try Self.row($0) }, to: store, n: 1)
        let from = Timestamp(millisecondsSinceEpoch: Self.origin + 10 * 60_000)
        let to = Timestamp(millisecondsSinceEpoch: Self.origin + 30 * 60_000)

        func expected(_ keep: (SkillExecution) -> Bool) -> [String] { records.filter(keep).map(\.executionID) }
        func found(_ query: ExecutionQuery) async throws -> [String] { try Self.ids(try await Self.all(store, query)) }
        #expect(try await found(ExecutionQuery(skill: "review", limit: 3)) == expected { $0.skillName == "review" })
        #expect(try await found(ExecutionQuery(skill: "nope")) == [])
        #expect(try await found(ExecutionQuery(from: from, limit: 7)) == expected { $0.start >= from })
        #expect(try await found(ExecutionQuery(to: to)) == expected { $0.start < to }, "to is exclusive")
        #expect(try await found(ExecutionQuery(from: from, to: to)) == expected { $0.start >= from && $0.start < to })
        #expect(try await found(ExecutionQuery(succeeded: false)) == expected { !$0.succeeded })
        #expect(try await found(ExecutionQuery(succeeded: true, limit: 4)) == expected { $0.succeeded })
        #expect(try await found(ExecutionQuery(skill: "deploy", from: from, to: to, succeeded: true, limit: 2))
            == expected { $0.skillName == "deploy" && $0.start >= from && $0.start < to && $0.succeeded })
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func tenantsAreIsolated(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        try await Self.append([try Self.row(Self.record("shared", skill: "deploy")), try Self.row(Self.record("mine", skill: "deploy"))], to: store)
        // The same id in another tenant is another record, not a duplicate.
        try await Self.append(
            [try Self.row(Self.record("shared", skill: "scan", latencyMs: 7), tenant: "globex")], to: store, tenant: "globex")
        #expect(try Self.ids(try await Self.all(store)) == ["shared", "mine"])
        let theirs = try await Self.all(store, tenant: "globex")
        #expect(try Self.ids(theirs) == ["shared"])
        #expect(try JSONReader.parse(theirs[0].body)["skill_name"] == "scan")
        #expect(Set(try await store.storedExecutions(tenant: "globex", ids: ["shared", "mine"]).keys) == ["shared"])
        #expect(Set(try await store.storedExecutions(tenant: "initech", ids: ["shared", "mine"]).keys).isEmpty)
        #expect(try await store.executionSkills(tenant: "acme") == ["deploy"])
        #expect(try await store.executionSkills(tenant: "globex") == ["scan"])
        #expect(try await store.executionSkills(tenant: "initech").isEmpty)
        let window = (Timestamp(millisecondsSinceEpoch: Self.origin - Self.day), Timestamp(millisecondsSinceEpoch: Self.origin + Self.day))
        #expect(try await store.executionSamples(tenant: "acme", skill: "deploy", from: window.0, to: window.1).count == 2)
        #expect(try await store.executionSamples(tenant: "globex", skill: "deploy", from: window.0, to: window.1).count == 0)
        #expect(try await store.executionSamples(tenant: "globex", skill: "scan", from: window.0, to: window.1).latencyMs == [7])
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func looksUpMoreIDsThanOneStatementHolds(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        let asked = (0..<1_200).map { "run-\($0)" }
        let stored = asked.enumerated().filter { $0.offset % 3 == 0 || $0.offset >= 1_150 }.map(\.element)
        try await Self.append(try stored.map { try Self.row(Self.record($0)) }, to: store)
        try await Self.append([try Self.row(Self.record("run-1"), tenant: "globex")], to: store, tenant: "globex")
        #expect(Set(try await store.storedExecutions(tenant: "acme", ids: asked).keys) == Set(stored))
        // Reversed, with repeats and ids that were never sent.
        let shuffled = asked.reversed() + ["run-0", "run-0", "nope", "run-1199"]
        #expect(Set(try await store.storedExecutions(tenant: "acme", ids: Array(shuffled)).keys) == Set(stored))
        #expect(Set(try await store.storedExecutions(tenant: "acme", ids: []).keys).isEmpty)
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func listsEachSkillOnceInNameOrder(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        #expect(try await store.executionSkills(tenant: "acme").isEmpty)
        let skills = ["zeta", "alpha", "mid", "alpha", "beta-2", "beta", "zeta", "alpha"]
        try await Self.append(try skills.enumerated().map { try Self.row(Self.record("x\($0.offset)", skill: $0.element)) }, to: store)
        try await Self.append([try Self.row(Self.record("x-late", skill: "aardvark"))], to: store, n: 1)
        #expect(try await store.executionSkills(tenant: "acme") == ["aardvark", "alpha", "beta", "beta-2", "mid", "zeta"])
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func samplesAreTheBaselineColumns(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        let records = [
            Self.record("a", minute: 0, succeeded: true, latencyMs: 100, cost: 0.5, tokens: 200, quotaPct: 10, tier: .Standard),
            Self.record("b", minute: 1, succeeded: false, latencyMs: 300, cost: nil, tokens: 50, quotaPct: nil, tier: nil),
            Self.record("c", minute: 2, succeeded: true, latencyMs: 200, cost: 0, tokens: 0, quotaPct: 40, tier: .Free),
            Self.record("d", minute: 3, succeeded: true, latencyMs: 250, cost: 0.25, tokens: 400, quotaPct: 20, tier: .Free),
            Self.record("e", minute: 4, succeeded: false, latencyMs: 50, cost: nil, tokens: 10, quotaPct: 5, tier: nil),
            // Outside the period, or another skill: not counted.
            Self.record("late", minute: 60 * 24, latencyMs: 9_999, cost: 9),
            Self.record("early", minute: -1, latencyMs: 9_999, cost: 9),
            Self.record("other", skill: "scan", minute: 2, latencyMs: 9_999, cost: 9),
        ]
        try await Self.append(try records.map { try Self.row($0) }, to: store)
        let samples = try await store.executionSamples(
            tenant: "acme", skill: "deploy", from: Timestamp(millisecondsSinceEpoch: Self.origin),
            to: Timestamp(millisecondsSinceEpoch: Self.origin + Self.day))
        #expect(samples.count == 5)
        // No order is promised: compare sorted columns.
        #expect(samples.succeeded.filter { $0 }.count == 3 && samples.succeeded.count == 5)
        #expect(samples.latencyMs.sorted() == [50, 100, 200, 250, 300])
        #expect(samples.tokens.sorted() == [0, 10, 50, 200, 400])
        #expect(samples.costUSD.sorted() == [0, 0.25, 0.5], "unknown costs are left out, not read as 0")
        // Only executions with tokens and a quota: a (10/200), d (20/400), e (5/10).
        #expect(samples.quotaPctPerToken.sorted() == [0.05, 0.05, 0.5])
        #expect(samples.tiers == ["Standard": 1, "Free": 2, "unknown": 2])

        let empty = try await store.executionSamples(
            tenant: "acme", skill: "deploy", from: Timestamp(millisecondsSinceEpoch: Self.origin + 5 * 60_000),
            to: Timestamp(millisecondsSinceEpoch: Self.origin + 60 * 60_000))
        #expect(empty.count == 0 && empty.tiers.isEmpty)
        await f.close()
    }
}
