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

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every entry's hash and link; name the first bad entry.",
            discussion: """
                Reads each tenant's chain in order and recomputes every hash. A changed, deleted \
                or reordered entry is reported with the first bad sequence number, and the exit \
                status is 1. With an intact ledger it prints one line per tenant and exits 0.

                Examples:
                  steward ledger verify
                  steward ledger verify --tenant default --db /var/lib/steward/steward.sqlite
                """)

        @OptionGroup var store: StoreArguments
        @Option(name: .long, help: "Verify only this tenant (default: every tenant).")
        var tenant: String?
        @Flag(name: .long, help: "Print one JSON object per tenant instead of text.")
        var json = false

        func run() async throws {
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.db, environment: ProcessInfo.processInfo.environment)
            let only = tenant
            let results = try await runSession(options) { store, _ in
                let tenants: [String]
                if let only { tenants = [only] } else { tenants = try await store.tenants() }
                var results: [ChainVerification] = []
                for tenant in tenants { results.append(try await LedgerAudit.verify(store: store, tenant: tenant)) }
                return results
            }
            for result in results {
                if json {
                    print(try CanonicalJSON.string(JSONValueEncoder.encode(result)))
                } else if let fault = result.fault {
                    print("tenant \(result.tenant): BROKEN at seq \(fault.seq): \(fault.problem)")
                } else {
                    print("tenant \(result.tenant): ok, \(result.entriesChecked) entries, head seq \(result.head.seq) \(result.head.hash)")
                }
            }
            if results.contains(where: { !$0.ok }) { throw ExitCode.failure }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a tenant's ledger as JSONL or CSV.",
            discussion: """
                JSONL holds one canonical JSON object per entry, including prevHash and hash; CSV \
                has a header row and the payload as canonical JSON text.

                Examples:
                  steward ledger export --format jsonl --output ledger.jsonl
                  steward ledger export --tenant default --format csv --since 2026-11-01T00:00:00Z
                """)

        @OptionGroup var store: StoreArguments
        @Option(name: .long, help: "The tenant to export.")
        var tenant: String = "default"
        @Option(name: .long, help: "jsonl or csv.")
        var format: String = "jsonl"
        @Option(name: .long, help: "Only entries at or after this RFC 3339 time.")
        var since: String?
        @Option(name: .long, help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            guard let exportFormat = LedgerExportFormat(rawValue: format) else {
                throw ValidationError("--format must be jsonl or csv, not '\(format)'")
            }
            var query = LedgerQuery(limit: 5000)
            if let since {
                guard let from = Timestamp(rfc3339: since) else { throw ValidationError("--since must be an RFC 3339 time such as 2026-11-01T00:00:00Z") }
                query.from = from
            }
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil) , let file = FileHandle(forWritingAtPath: output) else {
                    throw ValidationError("cannot write \(output)")
                }
                handle = file
            } else {
                handle = FileHandle.standardOutput
            }
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.db, environment: ProcessInfo.processInfo.environment)
            let tenant = self.tenant
            let filter = query
            try await runSession(options) { store, _ in
                try await LedgerExport.export(store: store, tenant: tenant, format: exportFormat, query: filter) { chunk in
                    try handle.write(contentsOf: chunk)
                }
            }
            try handle.synchronize()
        }
    }
}

/// Runs `body` with the store open, reporting start-up problems as one line each.
func runSession<T: Sendable>(_ options: ServeOptions, _ body: @escaping @Sendable (any Store, String) async throws -> T) async throws -> T {
    var logger = Logger(label: "steward")
    logger.logLevel = .warning
    do {
        return try await StoreSession.with(options: options, logger: logger, body)
    } catch let error as StartupError {
        for problem in error.problems { StandardError.line("steward: \(problem)") }
        throw ExitCode.failure
    }
}
