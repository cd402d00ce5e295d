import ArgumentParser
import Foundation
import Logging
import StewardApp
import StewardConfig
import StewardCore
import StewardEngine

/// `steward report`: reports read from the ledger, printed without recording anything.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print reports computed from the ledger.",
        subcommands: [GovernanceReportCommand.self])
}

/// `steward report governance`: seed 002's metrics for a period, with readiness now.
struct GovernanceReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "governance",
        abstract: "Autonomy metrics for a period, readiness, breakers and the level, as Markdown, JSON or HTML.",
        discussion: """
            Reads the ledger of the data directory (or --db) and prints the governance report for \
            [--from, --to). Nothing is written: the weekly cycle (or POST /v1/governance/cycle) \
            records reports and drafts proposals.

            Examples:
              steward report governance --from 2026-11-01 --to 2026-11-08
              steward report governance --from 2026-11-01T00:00:00Z --to 2026-12-01 --format json --tenant acme
            """)

    @OptionGroup var store: StoreArguments
    @Option(name: .long, help: "The period's start: a day (YYYY-MM-DD, UTC) or an RFC 3339 instant.")
    var from: String
    @Option(name: .long, help: "The period's end (exclusive): a day or an RFC 3339 instant.")
    var to: String
    @Option(name: .long, help: "md, json or html.")
    var format: String = "md"
    @Option(name: .long, help: "The tenant (default: the first configured).")
    var tenant: String?

    func run() async throws {
        guard let start = Timestamp(rfc3339: from) ?? Timestamp.startOfUTCDay(from) else {
            throw ValidationError("--from must be a day (YYYY-MM-DD) or an RFC 3339 instant, got '\(from)'")
        }
        guard let end = Timestamp(rfc3339: to) ?? Timestamp.startOfUTCDay(to) else {
            throw ValidationError("--to must be a day (YYYY-MM-DD) or an RFC 3339 instant, got '\(to)'")
        }
        guard start < end else { throw ValidationError("--from must be before --to") }
        guard ["md", "json", "html"].contains(format) else { throw ValidationError("--format must be md, json or html, got '\(format)'") }
        let environment = ProcessInfo.processInfo.environment
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader.load(path: store.config, environment: environment)
        } catch {
            for problem in error.errors { StandardError.line("steward: \(problem)") }
            throw ExitCode.failure
        }
        let configuration = loaded.configuration, revision = loaded.revision, format = format
        let tenant = tenant ?? configuration.tenants.first?.id ?? "default"
        let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.database, environment: environment)
        let text = try await runSession(options, readOnly: true) { store, _ in
            if let problem = try await StoreTenants.read(store).problem(with: tenant) { throw StartupError(problem) }
            var logger = Logger(label: "steward")
            logger.logLevel = .warning
            let clock = SystemClock()
            let alerts = SpineAlerts(
                store: store, client: nil, settings: configuration.notifications, secrets: SigningSecrets(store: store), clock: clock, logger: logger,
                revision: revision)
            let keeper = try BreakerKeeper(store: store, configuration: configuration, revision: revision, alerts: alerts, clock: clock, logger: logger)
            let governance = Governance(store: store, breakers: keeper, configuration: configuration, clock: clock, revision: revision, logger: logger)
            let report = try await governance.report(tenant: tenant, period: .init(start: start, end: end))
            switch format {
            case "json": return try report.json()
            case "html": return report.html()
            default: return report.markdown()
            }
        }
        print(text)
    }
}
