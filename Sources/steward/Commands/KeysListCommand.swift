import ArgumentParser
import Foundation
import StewardApp
import StewardCore
import StewardEngine

extension KeysCommand {
    /// `steward keys list`: a tenant's keys, without secrets.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a tenant's API keys: id, role, name, bound agents, created, revoked.",
            discussion: """
                Secrets are never stored, so none is shown. The id is the 12 hex digits after \
                'stw_' in a key, and the actor ('key:<id>') of what the key did in the ledger.
                """)

        @OptionGroup var store: StoreArguments
        @Option(name: .long, help: "The tenant (default: the first tenant of --config, else 'default').")
        var tenant: String?
        @Flag(name: .long, help: "Print the keys as one JSON array.")
        var json = false

        func run() async throws {
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.database, environment: ProcessInfo.processInfo.environment)
            let tenant = try self.tenant ?? Create.firstTenant(config: store.config)
            let records = try await runSession(options, readOnly: true) { store, revision in
                let known = try await StoreTenants.read(store)
                if let problem = known.problem(with: tenant) { throw StartupError(problem) }
                return try await Tenancy(store: store, clock: SystemClock(), configRevision: revision).keys(tenant: tenant)
            }
            if json {
                print(String(decoding: try CanonicalJSON.encode(.array(records.map(Self.view))), as: UTF8.self))
                return
            }
            print(["ID", "ROLE", "NAME", "AGENTS", "CREATED", "REVOKED"].joined(separator: "\t"))
            for r in records {
                print([r.id, r.role.rawValue, r.name, r.agents?.joined(separator: ",") ?? "*", r.createdAt.rfc3339, r.revokedAt?.rfc3339 ?? "-"]
                    .joined(separator: "\t"))
            }
        }

        /// A key as listed: its record without the secret's hash; `agents` and `revokedAt` are null
        /// when unbound or live, so every key has the same members.
        static func view(_ r: APIKeyRecord) -> JSONValue {
            [
                "id": .string(r.id), "tenant": .string(r.tenant), "role": .string(r.role.rawValue), "name": .string(r.name),
                "agents": r.agents.map { .array($0.map(JSONValue.string)) } ?? .null, "createdAt": .string(r.createdAt.rfc3339),
                "revokedAt": r.revokedAt.map { .string($0.rfc3339) } ?? .null,
            ]
        }
    }
}
