import Benchmark
import Foundation
import Logging
import StewardCore
import StewardEngine
import StewardSQLite

// Governance (docs/performance.md, "Governance"; issue 6 targets).
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target GovernanceBenchmarks
//
// - breaker bookkeeping: one recorded outcome into the sliding windows of the four seed rules
//   (O(1)), and the same plus evaluating every rule's CEL condition, as the keeper does;
// - autonomy metrics of a period over a 1,000,000-entry SQLite ledger: 500,000 governed actions,
//   each an action.proposed entry (with its gate input and decision, as the spine writes them)
//   and an action.executed entry.

let outcomesPerIteration = 1_000_000
let ledgerEntries = 1_000_000
let start = Timestamp(millisecondsSinceEpoch: 1_793_577_600_000)

struct Fixed: WallClock {
    let at: Timestamp
    func now() -> Timestamp { at }
}

/// A store with `ledgerEntries` governed-action entries, one second apart per action.
func governedLedger() async throws -> (SQLiteStore, Timestamp) {
    let dir = NSTemporaryDirectory() + "steward-gov-bench-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let store = try SQLiteStore(path: dir + "/steward.sqlite", durability: .normal)
    let types = ["create_internal_note", "create_followup_task", "draft_email", "generate_meeting_brief"]
    var ts = start
    for batch in 0..<(ledgerEntries / 1000) {
        var drafts: [LedgerDraft] = []
        // The hour counters the spine writes beside its entries.
        var hours: [String: [String: Double]] = [:]
        func count(_ increments: [String: Double], at ts: Timestamp) {
            hours[GovernanceHours.id(ts), default: [:]].merge(increments, uniquingKeysWith: +)
        }
        for i in 0..<500 {
            let n = batch * 500 + i
            let id = "act_\(n)", type = types[n % types.count], agent = "A\(n % 50)"
            let auto = n % 10 != 0
            let failed = n % 97 == 0
            count(GovernanceHours.increments(kinds: ["action.proposed"], type: type, outcome: auto ? .autoExecute : .requireApproval, label: nil), at: ts)
            count(GovernanceHours.increments(
                kinds: ["action.executed"], type: type, outcome: .autoExecute, label: failed ? .executionFailed : .executionSucceeded), at: ts.adding(milliseconds: 400))
            let proposal: JSONValue = [
                "id": .string(id), "tenant": "bench", "agent": .string(agent), "account": .string("acct-\(n % 500)"), "type": .string(type),
                "params": ["text": "follow up on the renewal", "priority": 2], "trigger": "agent",
            ]
            let checks: JSONValue = .array(["kill_switch", "breakers", "autonomy", "policy", "cost_gate", "budgets", "risk"].map { name in
                ["name": .string(name), "passed": true, "ceiling": "AUTO_EXECUTE", "reason": "OK", "detail": "The check passed with room to spare."]
            })
            let decision: JSONValue = [
                "outcome": .string(auto ? "AUTO_EXECUTE" : "REQUIRE_APPROVAL"), "reason": .string(auto ? "AUTOPILOT_ELIGIBLE" : "MODE_APPROVE"),
                "explanation": "Tenant bench is in autopilot mode and the action is low-risk.", "checks": checks,
                "risk": ["score": 0.12, "budgetOverrun": 0.01, "blastRadius": 0.1, "compliance": 0],
            ]
            drafts.append(try LedgerDraft(
                tenant: "bench", ts: ts, kind: "action.proposed", subject: "action:\(id)", actor: "key:0123456789ab",
                payload: ["action": .string(id), "input": ["proposal": proposal, "successProbability": 0.93], "decision": decision],
                configRevision: String(repeating: "c", count: 64)))
            drafts.append(try LedgerDraft(
                tenant: "bench", ts: ts.adding(milliseconds: 400), kind: "action.executed", subject: "action:\(id)", actor: "steward",
                payload: [
                    "action": .string(id), "label": .string(failed ? "EXECUTION_FAILED" : "EXECUTION_SUCCEEDED"), "detail": "ok",
                    "attempts": 1, "durationMs": 12, "type": .string(type), "agent": .string(agent), "autonomous": .bool(auto),
                ],
                configRevision: String(repeating: "c", count: 64)))
            ts = ts.adding(seconds: 1)
        }
        let tallies = hours.sorted { $0.key < $1.key }.map { id, increments in
            ProjectionChange.tally(Tally(tenant: "bench", collection: GovernanceHours.collection, id: id, increments: increments))
        }
        _ = try await store.commit(StoreCommit(drafts: drafts, projections: tallies))
    }
    return (store, ts)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10)
    let rules: CompiledBreakerRules
    do {
        rules = try CompiledBreakerRules(BreakerRule.seedRules)
    } catch {
        fatalError("the seed breaker rules do not compile: \(error)")
    }

    Benchmark("Breaker bookkeeping: 1,000,000 outcomes recorded into the windows (per iteration)") { benchmark in
        var board = BreakerBoard(rules: rules)
        let types = ["a", "b", "c", "d"]
        benchmark.startMeasurement()
        for i in 0..<outcomesPerIteration {
            let ts = start.adding(milliseconds: Int64(i))
            board.record(i % 50 == 0 ? .failed(type: types[i & 3]) : .succeeded(type: types[i & 3]), at: ts)
        }
        blackHole(board)
    }

    Benchmark("Breaker record + evaluate every rule: 100,000 outcomes (per iteration)") { benchmark in
        var board = BreakerBoard(rules: rules)
        let types = ["a", "b", "c", "d"]
        var trips = 0
        benchmark.startMeasurement()
        for i in 0..<100_000 {
            let ts = start.adding(milliseconds: Int64(i))
            board.record(.succeeded(type: types[i & 3]), at: ts)
            trips += board.findings(for: types[i & 3], at: ts).count
        }
        blackHole(trips)
    }

    Benchmark("Autonomy metrics over a 1,000,000-entry SQLite ledger (whole period)", configuration: .init(maxIterations: 5)) { benchmark in
        let (store, end) = try await governedLedger()
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        var configuration = StewardConfiguration.default
        configuration.autonomy.mode = .autopilot
        let clock = Fixed(at: end)
        let alerts = SpineAlerts(store: store, client: nil, settings: .default, secrets: SigningSecrets(store: store), clock: clock, logger: logger)
        let keeper = try BreakerKeeper(store: store, configuration: configuration, revision: "bench", alerts: alerts, clock: clock, logger: logger)
        let governance = Governance(store: store, breakers: keeper, configuration: configuration, clock: clock, revision: "bench", logger: logger)
        benchmark.startMeasurement()
        let metrics = try await governance.metrics(tenant: "bench", from: start, to: end)
        benchmark.stopMeasurement()
        precondition(metrics.commands.proposed == ledgerEntries / 2 && metrics.commands.failed == (0..<ledgerEntries / 2).filter { $0 % 97 == 0 }.count,
                     "\(metrics.commands)")
    }
}
