import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StewardApp
import StewardCore
import StewardEngine
import StewardSim

/// `steward demo`: the server on a fresh SQLite database with a small simulated fleet that
/// breaks every few seconds, in real time.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Steward with a small simulated fleet that breaks every few seconds, on a fresh database.",
        discussion: """
            Starts the server (SQLite in a fresh data directory) and six simulated agents that \
            report status every few seconds, break in realistic ways, and answer Steward's \
            remediation steps. Within a couple of minutes agents go Recovering and back, an \
            escalation reaches the inbox, an approval waits, and breakers may trip. Ctrl-C stops it.

            Examples:
              steward demo
              steward demo --port 9090 --seed 7
            """)

    @Option(name: .long, help: "The port to listen on.")
    var port: Int = 8080
    @Option(name: .customLong("data-dir"), help: "The data directory (default: a new one under the system's temporary directory).")
    var dataDir: String?
    @Option(name: .long, help: "The fleet's seed (default: random).")
    var seed: UInt64?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical: the server's log lines shown beside the demo's own story, which is printed at any level.")
    var logLevel: String = "warning"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        var logger = Logger(label: "steward")
        // The narrated story already tells incidents, escalations and breaker trips; log lines
        // beside it would say each twice.
        logger.logLevel = level
        // The URLs below are printed before the server listens, so the port must be a real one.
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535, not \(port)") }
        let directory = dataDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("steward-demo-\(UUID().uuidString.prefix(8))").path
        if FileManager.default.fileExists(atPath: directory + "/steward.sqlite") {
            throw ValidationError("\(directory) already holds a Steward database; the demo starts on a fresh one (choose another --data-dir)")
        }
        let scenario: Scenario
        do throws(ScenarioError) {
            scenario = try Scenario.parse(yaml: DemoScenario.yaml, file: "demo scenario")
        } catch {
            for problem in error.problems { StandardError.line("steward: \(problem)") }
            throw ExitCode.failure
        }
        let clock = SystemClock()
        let drawn = seed ?? UInt64.random(in: 0...UInt64.max)
        let fleet = Fleet(scenario: scenario, seed: drawn, start: clock.now())
        // A --data-dir the user named stays only if the demo starts (a busy port leaves nothing behind).
        let createdDirectory = !FileManager.default.fileExists(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configPath = directory + "/steward.yaml"
        try DemoScenario.configuration(agents: fleet.agents).write(toFile: configPath, atomically: true, encoding: .utf8)
        let options = ServeOptions(configPath: configPath, port: port, dataDir: directory, environment: ProcessInfo.processInfo.environment)
        let built: StewardApplication.Built
        do {
            built = try await StewardApplication.build(options: options, logger: logger, clock: clock) { token, path in
                FileHandle.standardOutput.write(Data("Admin API key (also in \(path)):\n  \(token)\n".utf8))
            }
        } catch {
            for problem in error.problems { StandardError.line("steward: \(problem)") }
            // A demo that could not start (a port in use) leaves no directory of its own behind.
            if createdDirectory { try? FileManager.default.removeItem(atPath: directory) }
            throw ExitCode.failure
        }
        FileHandle.standardOutput.write(Data("""
            Steward demo: \(fleet.agents.count) simulated agents, seed \(drawn) (--seed \(drawn) plays the same faults again); data in \(directory)
            Control Center: http://127.0.0.1:\(port)/ui/fleet  (sign in with the admin key in \(directory)/admin.key)
            API:
              curl -s localhost:\(port)/v1/agents -H "Authorization: Bearer $(cat \(directory)/admin.key)"
              (also /v1/incidents, /v1/escalations, /v1/actions?status=pending_approval, /v1/breakers, /v1/kpis)
            What happens is told below as it happens. Ctrl-C stops it.

            """.utf8))
        let fleetLogger = logger
        let driver = FleetDriver(spine: built.spine, remediator: built.remediator, intake: built.intake, tenant: "default", operatorDelaySeconds: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await built.app.runService() }
            group.addTask { try await Self.play(fleet, driver: driver, clock: clock, logger: fleetLogger) }
            group.addTask { await DemoNarrator(store: built.store, tenant: "default").run() }
            // The server ends on Ctrl-C; the fleet ends with it.
            try await group.next()
            group.cancelAll()
        }
    }

    /// The fleet in real time: a round every second until cancelled.
    static func play(_ start: Fleet, driver: FleetDriver, clock: SystemClock, logger: Logger) async throws {
        // The tenant exists once the server has started; the fleet joins a moment later.
        try await Task.sleep(for: .seconds(1))
        var fleet = start
        var tally = SimulationTally()
        while !Task.isCancelled {
            let now = clock.now()
            let events = fleet.advance(to: now)
            do {
                try await driver.play(events, fleet: &fleet, tally: &tally, now: now)
            } catch {
                logger.warning("the demo fleet's round failed", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: .seconds(1))
        }
    }
}
