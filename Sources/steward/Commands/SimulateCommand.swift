import ArgumentParser
import Foundation
import Logging
import StewardConfig
import StewardCore
import StewardSim
import StewardSQLite
import Synchronization

/// `steward simulate`: a scenario's simulated fleet against the real engine on a virtual clock.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated fleet against the real engine on a virtual clock and report the KPIs.",
        discussion: """
            The scenario's agents report status, break in the ways it describes, and answer \
            Steward's remediation steps; the gate, the remediation loop, the breakers and the ledger \
            (SQLite in a temporary file) are the real ones. The same scenario and seed give the same \
            ledger head. docs/simulation.md describes the fault model and the report's keys.

            Examples:
              steward simulate --scenario examples/scenarios/standard.yaml --days 7 --seed 1
              steward simulate --scenario examples/scenarios/hostile.yaml --days 1 --json
              steward simulate --scenario examples/scenarios/standard.yaml --compare tier1
              steward simulate --scenario my-fleet.yaml --config steward.yaml --days 0.5
            """)

    @Option(name: .long, help: "The scenario YAML file.")
    var scenario: String
    @Option(name: .long, parsing: .unconditional, help: "Simulated days.")
    var days: Double = 7
    @Option(name: .long, parsing: .unconditional, help: "The seed.")
    var seed: UInt64 = 1
    @Flag(name: .long, help: "Print the report as one JSON object on the last line.")
    var json = false
    @Option(name: .long, help: "Also write the report as Markdown to this file.")
    var report: String?
    @Option(name: .long, help: "Run again as this tier and print the deltas (tier1).")
    var compare: String?
    @Option(name: .long, help: "Keep each run's database in this directory (<tier>.sqlite), for `steward ledger verify --db` and queries.")
    var keep: String?

    @Option(name: .long, help: "Run the fleet under this steward.yaml's policy, playbooks, classifier, action types and settings (its agents are the scenario's).")
    var config: String?

    // Checked here rather than in run(), so a mistake is shown with simulate's own usage.
    func validate() throws {
        guard days > 0, days <= 366 else { throw ValidationError("--days must be more than 0 and at most 366") }
        if let compare, compare != SimulationTier.tier1.rawValue { throw ValidationError("--compare takes tier1, got '\(compare)'") }
    }

    func run() async throws {
        let text = try Self.read(scenario)
        var base = StewardConfiguration.default
        if let config {
            do {
                base = try ConfigurationLoader.load(path: config, environment: ProcessInfo.processInfo.environment).configuration
            } catch {
                for problem in error.errors { StandardError.line(problem.description) }
                throw ExitCode.failure
            }
        }
        let limits = base.remediation.concurrency
        let parsed: Scenario
        do {
            parsed = try Scenario.parse(
                yaml: text, file: scenario,
                slots: (limits.min...max(limits.min, limits.max), config.map { "in \($0)" } ?? "by default"))
        } catch {
            // As `config check` lists a file's problems: each where it is, then how many.
            for problem in error.problems { StandardError.line(problem) }
            StandardError.line("\(scenario): \(error.problems.count) error\(error.problems.count == 1 ? "" : "s")")
            throw ExitCode.failure
        }
        if let keep {
            do {
                try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("cannot create --keep \(keep): \(error.localizedDescription)")
            }
            for tier in [SimulationTier.tier2, .tier1] where FileManager.default.fileExists(atPath: Self.file(tier, in: keep)) {
                throw ValidationError("--keep \(keep) already holds \(tier.rawValue).sqlite; give an empty directory")
            }
        }
        // A report that cannot be written is found now, not after the run.
        if let report, !Self.canWrite(report) {
            throw ValidationError("cannot write --report \(report): \(String(cString: strerror(errno)))")
        }
        let comparing = compare != nil
        let bar = ProgressBar(enabled: !json && isatty(STDERR_FILENO) == 1, label: comparing ? "tier2 + tier1" : "tier2")
        let shares = RunShares(count: comparing ? 2 : 1)
        let (seed, days) = (seed, days)
        // The databases go to --keep, or to a temporary directory removed at the end, on an error,
        // and on Ctrl-C (a week's run is about a million ledger entries per tier).
        let directory = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("steward-simulate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let interrupts = keep == nil ? InterruptCleanup(removing: directory) : nil
        defer {
            interrupts?.cancel()
            if keep == nil { try? FileManager.default.removeItem(atPath: directory) }
        }
        // The tiers run at once: each waits on its own database most of the time, so two share
        // the cores better than one after the other. Each has its own store, clock and seeds.
        async let tier2 = Self.run(parsed, seed: seed, days: days, tier: .tier2, base: base, in: directory) { bar.show(shares.record($0, of: 0)) }
        async let tier1: SimulationReport? = comparing
            ? Self.run(parsed, seed: seed, days: days, tier: .tier1, base: base, in: directory) { bar.show(shares.record($0, of: 1)) } : nil
        let main = try await tier2
        let comparison = try await tier1.map { SimulationComparison(tier2: main, tier1: $0) }
        bar.finish()
        if let report {
            do {
                try main.markdown(comparison: comparison).write(toFile: report, atomically: true, encoding: .utf8)
            } catch {
                StandardError.line("steward: cannot write --report \(report): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try comparison.map { try encoder.encode($0) } ?? encoder.encode(main)
            print(String(decoding: data, as: UTF8.self))
        } else {
            let faults = main.faultsInjected.values.reduce(0, +)
            print(
                "Simulated \(SimulationReport.count(days, "day")) of \(SimulationReport.count(Double(main.agents), "agent")) (\(main.scenario), seed \(main.seed)) in "
                    + "\(String(format: "%.1f", max(main.wallSeconds, comparison?.tier1.wallSeconds ?? 0))) s: "
                    + "\(SimulationReport.count(Double(main.incidents), "incident")) from \(SimulationReport.count(Double(faults), "fault")) injected"
                    + (comparison.map { " (tier1: \($0.tier1.incidents) from \($0.tier1.faultsInjected.values.reduce(0, +)))" } ?? ""))
            for line in main.figureLines(beside: comparison?.tier1) { print(line) }
            print("  ledger head \(main.ledgerHead)")
            if let comparison { print(comparison.text()) }
        }
    }

    static func run(
        _ scenario: Scenario, seed: UInt64, days: Double, tier: SimulationTier, base: StewardConfiguration, in directory: String,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws -> SimulationReport {
        var logger = Logger(label: "steward.simulate")
        logger.logLevel = .error
        let store = try SQLiteStore(path: file(tier, in: directory), durability: .normal, access: .inline, logger: logger)
        return try await Simulation(scenario: scenario, seed: seed, tier: tier, store: store, logger: logger, base: base).run(days: days, progress: progress)
    }

    /// The database of a run of `tier` in `directory`.
    static func file(_ tier: SimulationTier, in directory: String) -> String { directory + "/\(tier.rawValue).sqlite" }

    /// The scenario file's text, or a usage error saying why it cannot be read.
    static func read(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("cannot read --scenario \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw ValidationError("cannot read --scenario \(path): it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read --scenario \(path): \(String(cString: strerror(errno)))")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ValidationError("cannot read --scenario \(path): it is not UTF-8 text")
        }
        return text
    }

    /// Whether `path` can be written: it exists and is writable, or its directory is.
    static func canWrite(_ path: String) -> Bool {
        if FileManager.default.fileExists(atPath: path) { return access(path, W_OK) == 0 }
        let directory = (path as NSString).deletingLastPathComponent
        return access(directory.isEmpty ? "." : directory, W_OK) == 0
    }
}

/// How far each of the runs going at once has come, for one progress bar.
final class RunShares: Sendable {
    private let shares: Mutex<[Double]>

    init(count: Int) { shares = Mutex([Double](repeating: 0, count: count)) }

    /// Records run `index` at `share` (0...1); the share of all the runs together.
    func record(_ share: Double, of index: Int) -> Double {
        shares.withLock { shares in
            shares[index] = share
            return shares.reduce(0, +) / Double(shares.count)
        }
    }
}

/// A progress bar on standard error, only when it is a terminal.
struct ProgressBar: Sendable {
    let enabled: Bool
    let label: String

    func show(_ share: Double) {
        guard enabled else { return }
        let filled = Int(share * 30)
        StandardError.write("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(Int(share * 100))%")
    }

    func finish() { if enabled { StandardError.write("\n") } }
}

/// Removes a run's temporary directory when the user interrupts it (SIGINT, SIGTERM), then exits
/// as the signal would have.
final class InterruptCleanup {
    private let sources: [any DispatchSourceSignal]

    init(removing directory: String) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                try? FileManager.default.removeItem(atPath: directory)
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// Stops watching and gives the signals back their default action.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
