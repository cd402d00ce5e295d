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
                or reordered entry, a removed chain head, or a tenant whose entries are gone \
                (found by its creation or its API keys) is reported with the first bad sequence \
                number. The store is opened read-only \
                (a copy on read-only media works) and nothing is migrated; environment overrides \
                of remediation settings are not read.

                Exit status: 0 when every chain is intact, 1 when one is broken, 2 when the \
                ledger could not be checked (no database, unknown tenant, unreadable file).

                Examples:
                  steward ledger verify
                  steward ledger verify --tenant default --db /var/lib/steward/steward.sqlite
                """)

        /// The exit status when the ledger could not be checked, apart from 1 for a broken chain.
        static let couldNotCheck = ExitCode(2)

        @OptionGroup var store: StoreArguments
        @Option(name: .long, help: "Verify only this tenant (default: every tenant).")
        var tenant: String?
        @Flag(name: .long, help: "Print one JSON object per tenant instead of text.")
        var json = false

        func run() async throws {
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.database, environment: [:])
            let only = tenant
            let results: [ChainVerification]
            do {
                results = try await runSession(options, readOnly: true, failure: Self.couldNotCheck) { store, _ in
                    let known = try await StoreTenants.read(store)
                    if let only, let problem = known.problem(with: only) { throw StartupError(problem) }
                    var results: [ChainVerification] = []
                    for tenant in only.map({ [$0] }) ?? known.all {
                        results.append(known.judged(try await LedgerAudit.verify(store: store, tenant: tenant)))
                    }
                    return results
                }
            } catch let error as StoreError {
                StandardError.line("steward: cannot verify the ledger: \(error.reason)")
                throw Self.couldNotCheck
            }
            if results.isEmpty && !json { print("no tenant has a ledger in this store") }
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
                has a header row and the payload as canonical JSON text. The store is opened \
                read-only.

                Examples:
                  steward ledger export --format jsonl --output ledger.jsonl
                  steward ledger export --tenant default --format csv --since 2026-11-01T00:00:00Z
                """)

        @OptionGroup var store: StoreArguments
        @Option(name: .long, help: "The tenant to export (default: the first tenant of --config, else 'default').")
        var tenant: String?
        @Option(name: .long, help: "jsonl or csv.")
        var format: String = "jsonl"
        @Option(name: .long, help: "Only entries at or after this time: RFC 3339, or a day (2026-11-01, from its start in UTC).")
        var since: String?
        @Option(name: .long, help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            guard let exportFormat = LedgerExportFormat(rawValue: format) else {
                throw ValidationError("--format must be jsonl or csv, not '\(format)'")
            }
            var query = LedgerQuery(limit: 5000)
            if let since {
                guard let from = Timestamp(rfc3339: since) ?? Timestamp.startOfUTCDay(since) else {
                    throw ValidationError("--since must be an RFC 3339 time such as 2026-11-01T00:00:00Z or a day such as 2026-11-01")
                }
                query.from = from
            }
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.database, environment: [:])
            let tenant = try self.tenant ?? KeysCommand.Create.firstTenant(config: store.config)
            let filter = query
            let destination = output
            do {
                try await runSession(options, readOnly: true) { store, _ in
                    if let problem = try await StoreTenants.read(store).problem(with: tenant) { throw StartupError(problem) }
                    let handle = try Self.open(destination)
                    defer { try? handle.synchronize() }
                    try await LedgerExport.export(store: store, tenant: tenant, format: exportFormat, query: filter) { chunk in
                        do {
                            try handle.write(contentsOf: chunk)
                        } catch where Self.isClosedPipe(error) {
                            throw ReaderGone()
                        }
                    }
                }
            } catch is ReaderGone {
                // `steward ledger export | head`: the reader has what it wanted.
            }
        }

        /// The reader of standard output went away (`| head`).
        struct ReaderGone: Error {}

        /// Whether `error` is a write to a pipe nobody reads any more (EPIPE).
        static func isClosedPipe(_ error: any Error) -> Bool {
            let error = error as NSError
            if error.domain == NSPOSIXErrorDomain { return error.code == Int(EPIPE) }
            return (error.userInfo[NSUnderlyingErrorKey] as? NSError).map { $0.domain == NSPOSIXErrorDomain && $0.code == Int(EPIPE) } ?? false
        }

        /// Standard output, or `path` created afresh; a file that cannot be written is a start-up problem naming the reason.
        static func open(_ path: String?) throws(StartupError) -> FileHandle {
            guard let path else { return FileHandle.standardOutput }
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                throw StartupError("cannot write --output \(path): \(String(cString: strerror(errno)))")
            }
            return file
        }
    }
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
