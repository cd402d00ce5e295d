import ArgumentParser
import Foundation
import StewardApp
import StewardConfig
import StewardCore
import StewardEngine

/// `steward replay`: how a changed configuration would have decided the recorded proposals.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded proposals through the gate of a changed policy, without side effects.",
        discussion: """
            Every decision's ledger entry (action.proposed, action.redecided) holds everything the \
            gate read. Replay decides each again under the steward.yaml given by --policy (its \
            policy rules, action types, thresholds and cost gate) and prints how many decisions \
            would change, from what to what, by reason and rule. Nothing is written.

            Examples:
              steward replay --policy steward.next.yaml --since 2026-11-01
              steward replay --policy new.yaml --since 2026-11-20T09:00:00Z --tenant acme --json
            """)

    @OptionGroup var store: StoreArguments
    @Option(name: .long, help: "The changed steward.yaml whose rules to replay.")
    var policy: String
    @Option(name: .long, help: "Replay decisions from this day (YYYY-MM-DD, UTC) or instant (RFC 3339).")
    var since: String
    @Option(name: .long, help: "Replay only this tenant (default: every tenant).")
    var tenant: String?
    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        guard let from = Timestamp(rfc3339: since) ?? Timestamp.startOfUTCDay(since) else {
            throw ValidationError("--since must be a day (YYYY-MM-DD) or an RFC 3339 instant, got '\(since)'")
        }
        let environment = ProcessInfo.processInfo.environment
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader.load(path: policy, environment: environment)
        } catch {
            for problem in error.errors { StandardError.line("steward: \(problem)") }
            throw ExitCode.failure
        }
        let rules: SpineRules
        do {
            rules = try SpineRules(configuration: loaded.configuration, revision: loaded.revision)
        } catch {
            StandardError.line("steward: \(error)")
            throw ExitCode.failure
        }
        let settings = rules.gate, types = rules.types
        let enforced = Set(loaded.configuration.policy.rules.filter { $0.mode == .enforce }.map(\.name))
        let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.database, environment: environment)
        let only = tenant
        let summary = try await runSession(options, readOnly: true) { store, _ in
            var summary = ReplaySummary()
            let known = try await StoreTenants.read(store)
            if let only, let problem = known.problem(with: only) { throw StartupError(problem) }
            let tenants = only.map { [$0] } ?? known.all.filter { !$0.hasPrefix("_") }
            for tenant in tenants {
                var after: Int64 = 0
                while true {
                    let page = try await store.ledger(tenant: tenant, query: LedgerQuery(
                        afterSeq: after, kinds: ["action.proposed", "action.redecided"], from: from, limit: 1000))
                    for row in page.rows {
                        let entry = try row.entry()
                        guard let input = entry.payload["input"], let recorded = entry.payload["decision"],
                              var gateInput = try? JSONValueDecoder.decode(GateInput.self, from: input),
                              let old = try? JSONValueDecoder.decode(GateDecision.self, from: recorded) else { continue }
                        if let changed = types[gateInput.actionType.name] { gateInput.actionType = changed }
                        let new = Gate.decide(gateInput, settings: settings)
                        summary.add(action: gateInput.proposal.id, type: gateInput.proposal.type, recorded: old, replayed: new, enforced: enforced)
                    }
                    guard let next = page.nextCursor else { break }
                    after = next
                }
            }
            return summary
        }
        if json {
            print(try CanonicalJSON.string(JSONValueEncoder.encode(summary)))
            return
        }
        print("replayed \(summary.replayed) decisions since \(from.rfc3339) under revision \(loaded.revision.prefix(12))")
        print("\(summary.changed) would change outcome, \(summary.reasonChanged) would keep the outcome for another reason")
        for (transition, count) in summary.transitions.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            print("  \(transition): \(count)")
        }
        if !summary.byRule.isEmpty { print("by deciding reason and rule:") }
        for (rule, count) in summary.byRule.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            print("  \(rule): \(count)")
        }
        if !summary.shadowMatches.isEmpty { print("warn/audit rules that would match:") }
        for (rule, count) in summary.shadowMatches.sorted(by: { $0.key < $1.key }) { print("  \(rule): \(count)") }
        if !summary.shadowErrors.isEmpty { print("warn/audit rules whose condition would fail to evaluate (POLICY_ERROR):") }
        for (rule, count) in summary.shadowErrors.sorted(by: { $0.key < $1.key }) { print("  \(rule): \(count)") }
        if !summary.enforcedErrors.isEmpty { print("enforced rules whose condition would fail to evaluate (POLICY_ERROR; they decide nothing, a block rule stops nothing):") }
        for (rule, count) in summary.enforcedErrors.sorted(by: { $0.key < $1.key }) { print("  \(rule): \(count)") }
        for change in summary.examples.prefix(10) {
            print("  e.g. \(change.action) \(change.type): \(change.from) → \(change.to)\(change.clause.map { " [\($0)]" } ?? "")")
        }
    }
}
