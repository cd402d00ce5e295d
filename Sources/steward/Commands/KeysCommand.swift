import ArgumentParser
import Foundation
import StewardApp
import StewardConfig
import StewardCore
import StewardEngine
import StewardExpr

/// `steward keys`: API keys for agents, auditors, operators and admins.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key and print it once.",
            discussion: """
                A key belongs to one tenant and has one role: agent (report signals, propose \
                actions), auditor (read everything an operator reads: the ledger, its export and \
                verification, actions, incidents, the event stream, the Control Center; change \
                nothing), operator (also approve, reject, resolve escalations, engage the kill \
                switch, reset breakers) or admin (also change modes, levels, the autopilot scope \
                and account budgets). Keys are made, listed and revoked with this command on the \
                server's database. Only the SHA-256 of its secret \
                is stored, so the key is printed now and never again. Its creation is a ledger \
                entry in the tenant's chain.

                An agent key speaks for any agent of its tenant unless --agent binds it: a bound \
                key may send signals, propose actions and write annotations only for the agents \
                it names (repeat --agent for several), reports outcomes only of their actions, and \
                reads only their actions and incidents; anything else is a 403 naming the agent \
                field (subject, for an annotation), and another agent's action or incident read \
                or annotated by id is a 404. Execution \
                telemetry names skills, not agents: any agent key of the tenant reads all of it.

                The server refuses every key of a tenant its steward.yaml does not declare \
                (403, until the tenant is declared again). With --config, --tenant must be one \
                it declares, and each --agent is checked against the agents it declares: one \
                declared only for another tenant is refused, and so is one declared nowhere \
                while remediation.signals.autoRegister is false; one declared nowhere while it \
                is true (its first signal registers it) gets a warning and the key is made. \
                Without --config nothing is checked.

                Examples:
                  steward keys create --role operator --name ops-oncall
                  steward keys create --role auditor --name compliance
                  steward keys create --tenant acme --role agent --name CRO
                  steward keys create --role agent --name cro-worker --agent CRO
                """)

        @OptionGroup var store: StoreArguments
        @Option(name: .long, help: "The tenant the key belongs to (default: the first tenant of --config, else 'default').")
        var tenant: String?
        @Option(name: .long, help: "agent, auditor, operator or admin.")
        var role: String
        @Option(name: .long, help: "A label saying whose key it is.")
        var name: String
        @Option(name: .customLong("agent"), help: "Bind an agent key to this agent (repeat for several); without it, the key speaks for any agent.")
        var agents: [String] = []

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be \(Role.spelled), not '\(role)'") }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100 else {
                throw ValidationError("--name must be 1 to 100 characters")
            }
            if !agents.isEmpty && role != Role.agent.rawValue {
                throw ValidationError("--agent binds agent keys only; \("aeiou".contains(role.prefix(1)) ? "an" : "a") \(role) key acts for people, not for one agent")
            }
            if let bad = agents.first(where: { !APIName.isValid($0) }) { throw ValidationError("--agent '\(bad)' \(APIName.rule)") }
        }

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be \(Role.spelled)") }
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.database, environment: ProcessInfo.processInfo.environment)
            let configuration = try Self.configuration(store.config)
            let tenant = self.tenant ?? configuration?.tenants.first?.id ?? "default", name = self.name
            // The server refuses keys of tenants steward.yaml does not declare: such a key would not work.
            if let declared = configuration?.tenants.map(\.id), !declared.contains(tenant) {
                StandardError.line("steward: --tenant '\(tenant)' is not declared in \(store.config ?? "steward.yaml") (its tenants: "
                    + declared.joined(separator: ", ") + "), so the server would refuse the key" + Suggestion.hint(for: tenant, among: declared))
                throw ExitCode.failure
            }
            if let configuration { try Self.checkBinding(self.agents, tenant: tenant, in: configuration) }
            let agents = self.agents.isEmpty ? nil : self.agents
            do {
                let key = try await runSession(options) { store, revision in
                    var generator = SystemRandomNumberGenerator()
                    return try await Tenancy(store: store, clock: SystemClock(), configRevision: revision)
                        .issueKey(tenant: tenant, role: role, name: name, agents: agents, actor: "cli", using: &generator)
                }
                print(key.token)
            } catch let error as TenancyError {
                StandardError.line("steward: \(error)")
                throw ExitCode.failure
            }
        }

        /// The first tenant `config` declares, or "default" without a configuration.
        static func firstTenant(config: String?) throws -> String {
            try configuration(config)?.tenants.first?.id ?? "default"
        }

        /// The configuration at `path`, nil without one; its problems printed and a failure when it does not load.
        static func configuration(_ path: String?) throws -> StewardConfiguration? {
            guard let path else { return nil }
            do {
                return try ConfigurationLoader.load(path: path, environment: ProcessInfo.processInfo.environment).configuration
            } catch {
                for problem in error.errors { StandardError.line("steward: \(problem)") }
                throw ExitCode.failure
            }
        }

        /// Refuses (every problem printed, nothing created) a binding to an agent the tenant can
        /// never speak for; warns about an agent declared nowhere that auto-registration will admit.
        static func checkBinding(_ agents: [String], tenant: String, in configuration: StewardConfiguration) throws {
            var refused = false
            for agent in agents {
                switch configuration.bindingCheck(agent: agent, tenant: tenant) {
                case .declared:
                    continue
                case .undeclared(let warning):
                    StandardError.line("steward: warning: \(warning)")
                case .refused(let reason):
                    StandardError.line("steward: \(reason)")
                    refused = true
                }
            }
            if refused { throw ExitCode.failure }
        }
    }
}
