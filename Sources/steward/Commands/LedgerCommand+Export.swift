import ArgumentParser
import Foundation
import StewardApp
import StewardCore

extension LedgerCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a tenant's ledger as JSONL or CSV.",
            discussion: """
                JSONL holds one canonical JSON object per entry, including prevHash and hash; CSV \
                has a header row and the payload as canonical JSON text. The store is opened \
                read-only.

                With --since the first entry's prevHash is the hash of the entry before it, not \
                64 zeros: check such a file from that entry's SEQ:HASH (the head recorded when \
                the earlier part was checked), as docs/ledger.md shows.

                Exit status: 0 when written, 2 when the ledger could not be exported (no \
                database, unknown tenant, unreadable file, unwritable --output), 64 for a \
                malformed option.

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
            let tenant: String
            do { tenant = try self.tenant ?? KeysCommand.Create.firstTenant(config: store.config) } catch { throw Verify.couldNotCheck }
            let filter = query
            let destination = output
            do {
                try await runSession(options, readOnly: true, failure: Verify.couldNotCheck) { store, _ in
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
            } catch let error as StoreError {
                StandardError.line("steward: cannot export the ledger: \(error.reason)")
                throw Verify.couldNotCheck
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
