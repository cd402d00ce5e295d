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
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.db, environment: ProcessInfo.processInfo.environment)
            let tenant = try self.tenant ?? Create.firstTenant(config: store.config)
            let records = try await runSession(options, readOnly: true) { store, revision in
                let known = try await StoreTenants.read(store)
                if let problem = known.problem(with: tenant) { throw StartupError(problem) }
                return try await Tenancy(store: store, clock: SystemClock(), configRevision: revision).keys(tenant: tenant)
            }
            if json {
                print(String(decoding: try CanonicalJSON.encode(try JSONValueEncoder.encode(records.map(View.init))), as: UTF8.self))
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
        struct View: Encodable {
            var id: String, tenant: String, role: String, name: String, agents: [String]?, createdAt: String, revokedAt: String?
            init(_ r: APIKeyRecord) {
                (id, tenant, role, name, agents) = (r.id, r.tenant, r.role.rawValue, r.name, r.agents)
                (createdAt, revokedAt) = (r.createdAt.rfc3339, r.revokedAt?.rfc3339)
            }

            enum CodingKeys: String, CodingKey { case id, tenant, role, name, agents, createdAt, revokedAt }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(tenant, forKey: .tenant)
                try c.encode(role, forKey: .role)
                try c.encode(name, forKey: .name)
                try c.encode(agents, forKey: .agents)
                try c.encode(createdAt, forKey: .createdAt)
                try c.encode(revokedAt, forKey: .revokedAt)
            }
        }
    }
}
