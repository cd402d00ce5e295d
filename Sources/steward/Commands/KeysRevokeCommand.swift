import ArgumentParser
import Foundation
import StewardApp
import StewardCore
import StewardEngine

extension KeysCommand {
    /// `steward keys revoke ID`: ends a key, recorded in its tenant's ledger.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an API key: it authenticates nothing from then on.",
            discussion: """
                Give the key's id (the 12 hex digits after 'stw_'; `steward keys list` shows \
                them) or the whole key. The revocation is a key.revoked entry in the key's \
                tenant chain. A running server trusts a key it looked up for at most 30 \
                seconds, so within that time the key stops working there too, and its Control \
                Center sessions end with it.

                Example:
                  steward keys revoke 3f2a9c0b1d4e --reason "left the team"
                """)

        @OptionGroup var store: StoreArguments
        @Argument(help: "The key's id, or the whole key.")
        var key: String
        @Option(name: .long, help: "Why, for the ledger.")
        var reason: String?

        func validate() throws {
            guard Self.id(of: key) != nil else {
                throw ValidationError("'\(key)' is neither a key id (12 hex digits) nor a key (stw_<id>_<secret>)")
            }
            if let reason, reason.isEmpty || reason.count > 2000 { throw ValidationError("--reason must be 1 to 2000 characters") }
        }

        /// The id in `text`: the text itself when it is 12 lower-case hex digits, or a whole key's id.
        static func id(of text: String) -> String? {
            if text.count == 12, text.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) { return text }
            return APIKey(token: text)?.id
        }

        func run() async throws {
            guard let id = Self.id(of: key) else { throw ValidationError("'\(key)' is not a key id") }
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.database, environment: ProcessInfo.processInfo.environment)
            let reason = self.reason
            do {
                let record = try await runSession(options) { store, revision in
                    try await Tenancy(store: store, clock: SystemClock(), configRevision: revision).revokeKey(id: id, reason: reason, actor: "cli")
                }
                print("revoked key \(record.id) (\(record.role.rawValue) '\(record.name)' of tenant \(record.tenant))")
            } catch let error as TenancyError {
                StandardError.line("steward: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
