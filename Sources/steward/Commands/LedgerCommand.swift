import ArgumentParser
import Foundation
import Logging
import StewardApp
import StewardCore

/// `steward ledger`: check and export the tamper-evident ledger.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Verify or export the hash-chained ledger.",
        discussion: """
            Every decision Steward makes is an entry in its tenant's chain, with \
            hash = SHA-256(previous hash ‖ canonical JSON of the entry). docs/ledger.md gives the \
            exact bytes so the chain can be re-verified without Steward.
            """,
        subcommands: [Verify.self, Export.self])
}

/// Runs `body` with the store open (`readOnly` for audits), reporting start-up problems as one
/// line each and exiting with `failure`.
func runSession<T: Sendable>(
    _ options: ServeOptions, readOnly: Bool = false, failure: ExitCode = .failure,
    _ body: @escaping @Sendable (any Store, String) async throws -> T
) async throws -> T {
    var logger = Logger(label: "steward")
    logger.logLevel = .warning
    do {
        return try await StoreSession.with(options: options, readOnly: readOnly, logger: logger, body)
    } catch let error as StartupError {
        for problem in error.problems { StandardError.line("steward: \(problem)") }
        throw failure
    }
}
