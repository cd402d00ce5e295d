import ArgumentParser
import Foundation
import Logging
import StewardApp

/// `steward`: the autonomy control plane's command line.
@main
struct Steward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steward",
        abstract: "Steward, an autonomy control plane for fleets of software agents.",
        discussion: """
            Agents report health and propose actions; Steward decides what may run without a \
            person, heals unhealthy agents, records every decision in a tamper-evident ledger, \
            and asks people only when it must.

            Start here:
              steward demo                a simulated fleet, its API and dashboard
              steward serve               the API on 127.0.0.1:8080, data in ./steward-data
              steward config check FILE   validate steward.yaml, show effective settings
              steward ledger verify       recompute every tenant's hash chain
            """,
        version: StewardVersion.current,
        subcommands: [DemoCommand.self, ServeCommand.self, SimulateCommand.self, LedgerCommand.self, ReplayCommand.self, PolicyCommand.self, ReportCommand.self, ConfigCommand.self, KeysCommand.self, ExprCommand.self]
    )

    /// Parses, then runs: a parse error gets the subcommand's usage from the argument parser, but
    /// a `ValidationError` thrown while a subcommand runs would get the root's usage, which names
    /// none of its options, so it is printed as the one line it is.
    static func main() async {
        MallocArenas.limit(to: 2)
        LoggingSystem.bootstrap { PlainLogHandler(label: $0) }
        let parsed: any ParsableCommand
        do {
            parsed = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var command = parsed as? any AsyncParsableCommand {
                try await command.run()
            } else {
                var command = parsed
                try command.run()
            }
        } catch let error as ValidationError {
            StandardError.line("steward: \(error.message)")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
