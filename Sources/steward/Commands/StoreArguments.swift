import ArgumentParser
import Foundation

/// `--db` and `--data-dir`, shared by every command that opens the store.
struct StoreArguments: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database: a SQLite file path or a postgres://user:password@host:port/database URL.",
        discussion: "Default: $STEWARD_DB when set (keeps a password out of the process list), else steward.sqlite in the data directory."))
    var db: String?

    /// `--db`, else `STEWARD_DB`.
    var database: String? { db ?? ProcessInfo.processInfo.environment["STEWARD_DB"].flatMap { $0.isEmpty ? nil : $0 } }

    @Option(name: .customLong("data-dir"), help: "The data directory (default ./steward-data, or server.dataDir of --config).")
    var dataDir: String?

    @Option(name: .long, help: "The steward.yaml to read (serve runs by all of it; the other commands read its data directory, tenants and agents).")
    var config: String?
}

/// Writes to standard error, for messages that are not the command's output.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
