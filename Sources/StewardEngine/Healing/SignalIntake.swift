public import Logging
public import StewardCore
import StewardExpr

/// `POST /v1/signals` behind the API: applies validated signals to their agents' rows, records
/// each in the ledger in one commit, and hands problems and verifications to the remediation loop.
public final class SignalIntake: Sendable {
    let store: any Store
    let remediator: Remediator
    let clock: any WallClock
    let logger: Logger

    /// An intake feeding `remediator`.
    public init(store: any Store, remediator: Remediator, clock: any WallClock, logger: Logger) {
        self.store = store
        self.remediator = remediator
        self.clock = clock
        self.logger = logger
    }

    /// What happened to one signal.
    public struct Receipt: Sendable, Hashable, Codable {
        /// The agent.
        public var agent: String
        /// Its dashboard state afterwards.
        public var state: AgentHealth
        /// Whether it moved the agent's state (false for a signal older than the last one seen).
        public var applied: Bool
        /// Whether it reports a problem.
        public var problem: Bool
        /// The agent's open incident, if any.
        public var incident: String?
        /// Set when this signal registered its agent, which steward.yaml does not declare: what to
        /// check (a name close to a declared agent's is likely a typo).
        public var registered: String?
    }

    /// Applies `signals` for `tenant`. Fails whole, changing nothing, when an agent is unknown and
    /// auto-registration is off.
    public func ingest(_ signals: [StatusSignal], tenant: String, actor: String) async throws(HealingError) -> [Receipt] {
        if let receipts = try await ingest(signals, tenant: tenant, actor: actor, attempts: 0..<2) { return receipts }
        // Contended (many writers' signals for the same agents at once): retry one batch at a time
        // in this process, so the contenders stop refusing each other; other replicas' commits are
        // still caught by the rows' versions.
        let outcome = await remediator.locks.run("signal-retries:\(tenant)") { () -> Result<[Receipt]?, HealingError> in
            do throws(HealingError) {
                return .success(try await self.ingest(signals, tenant: tenant, actor: actor, attempts: 2..<8))
            } catch {
                return .failure(error)
            }
        }
        guard let receipts = try outcome.get() else { throw .conflict("the agents' rows kept changing; send the signals again") }
        return receipts
    }

    /// The attempts of `attempts` at applying `signals` (the first trusts the rows kept from the
    /// last commit); nil when another writer changed the rows each time.
    private func ingest(_ signals: [StatusSignal], tenant: String, actor: String, attempts: Range<Int>) async throws(HealingError) -> [Receipt]? {
        let rules = remediator.rules
        for attempt in attempts {
            let now = clock.now()
            let names = Array(Set(signals.map(\.agent)))
            let decoded = remediator.decoded
            let read = try await rows(of: names, tenant: tenant, trustingKept: attempt == 0)
            var agents = read.agents
            let healthRows = read.health
            var problems: [FieldProblem] = []
            var registered: [String: String] = [:]
            for (index, signal) in signals.enumerated() where agents[signal.agent] == nil {
                if let spec = rules.declaredAgent(signal.agent, tenant: tenant) {
                    agents[signal.agent] = (AgentRecord(name: spec.name, tenant: tenant, domain: spec.domain, autoRegistered: false), 0)
                } else if let reason = rules.agents.foreignAgentReason(signal.agent, tenant: tenant) {
                    problems.append(FieldProblem(field: signals.count == 1 ? "agent" : "[\(index)].agent", reason: reason))
                } else if rules.settings.signals.autoRegister {
                    agents[signal.agent] = (AgentRecord(name: signal.agent, tenant: tenant, domain: .operations, autoRegistered: true), 0)
                    let declared = rules.configuration.agents.filter { $0.tenant == tenant }.map(\.name)
                    registered[signal.agent] = "agent '\(signal.agent)' is not declared in steward.yaml and was registered by this signal"
                        + Suggestion.hint(for: signal.agent, among: declared)
                } else {
                    problems.append(FieldProblem(
                        field: signals.count == 1 ? "agent" : "[\(index)].agent",
                        reason: rules.configuration.undeclaredAgentReason(signal.agent, tenant: tenant)))
                }
            }
            guard problems.isEmpty else { throw .invalid(problems) }
            var change = HealingChange(tenant: tenant)
            if read.trusted { change.unchanged = read.healthVersions.map { (HealingRows.agentHealth, $0.key, $0.value) } }
            var outcomes: [Outcome] = []
            let versions = agents.mapValues(\.version)
            for reported in signals {
                // A ts ahead of the server's clock (within the allowed skew) counts as the time
                // the signal arrived: otherwise one signal from a fast clock would make the
                // agent's later, real reports look older than it and hide them for minutes. Not
                // rounded down to the second: a fast agent's many reports a second would become one
                // report sent again.
                var signal = reported
                if signal.ts > now { signal.ts = now }
                guard var agent = agents[signal.agent]?.record else { continue }
                let problem = signal.reportsProblem(slo: rules.settings.slo)
                let applied = agent.observe(signal, problem: problem, receivedAt: now)
                if applied { agent.countStreak(problem: problem) }
                agents[signal.agent]?.record = agent
                // The agent's first signal of the request is the one that registered it.
                let registering = registered.removeValue(forKey: signal.agent)
                outcomes.append((signal, applied, problem, registering))
                var payload: [String: JSONValue] = ["signal": remediator.encode(signal), "applied": .bool(applied), "problem": .bool(problem)]
                if registering != nil { payload["registered"] = .bool(true) }
                if signal.ts != reported.ts { payload["reportedTs"] = .string(reported.ts.rfc3339) }
                change.log("signal.received", subject: HealingRows.subject(agent: signal.agent), .object(payload))
            }
            for (name, entry) in agents {
                let state: AgentHealth = entry.record.lastSignal.map { $0.reportsProblem(slo: rules.settings.slo) } == true ? .degraded : .healthy
                try change.put(
                    HealingRows.agents, name, entry.record, status: state.rawValue, ref: entry.record.lastSignal?.context.directiveId,
                    expectedVersion: versions[name] ?? 0)
            }
            // The batch's first signal for the loop, when it opens an incident, opens it in this
            // same commit: one disk sync fewer between an error and its first remediation step.
            // Later signals go to the loop after the commit, in order, as before.
            var opening: (index: Int, incident: Incident, change: HealingChange)?
            var unclassified: Int?
            if let index = outcomes.firstIndex(where: { needsLoop($0, health: healthRows) }),
               outcomes[index].problem, healthRows[outcomes[index].signal.agent]?.incident == nil,
               let agent = agents[outcomes[index].signal.agent]?.record {
                // Rows kept from earlier may be stale: open only on rows just read, so a refused
                // commit never wastes an incident's id or the bandit's draw.
                if read.trusted { continue }
                var own = HealingChange(tenant: tenant)
                if let incident = try await remediator.prepareOpening(
                    outcomes[index].signal, agent: agent, health: healthRows[agent.name], healthVersion: read.healthVersions[agent.name] ?? 0, now: now,
                    pending: agents.mapValues(\.record), change: &own) {
                    change.absorb(own, actor: "steward")
                    opening = (index, incident, own)
                } else {
                    unclassified = index
                }
            }
            guard try await store.apply(change.commit(actor: actor, revision: rules.revision, now: now)) else { continue }
            // Each put was conditioned on the version read, so each row is now at that version plus one.
            for (name, entry) in agents {
                decoded.keep(entry.record, tenant: tenant, key: DocumentKey(HealingRows.agents, name), version: (versions[name] ?? 0) + 1)
            }
            var receipts: [Receipt] = []
            // Each receipt shows the agent as the batch's earlier signals left it.
            var current = healthRows
            for (index, outcome) in outcomes.enumerated() {
                guard let agent = agents[outcome.signal.agent]?.record else { continue }
                var health: AgentHealthRow?
                let own: AgentHealth
                if let opening, opening.index == index {
                    health = await remediator.carryOn(opening.incident, opening: opening.change)
                    own = .degraded
                } else if outcome.applied, !outcome.problem, current[agent.name]?.incident == nil {
                    health = current[agent.name]
                    own = .healthy
                } else if unclassified == index {
                    // No classifier rule matched it (logged): no incident to open.
                    health = current[agent.name]
                    own = .degraded
                } else if outcome.applied {
                    health = await remediator.observe(outcome.signal, agent: agent, problem: outcome.problem, receivedAt: now)
                    own = outcome.problem ? .degraded : .healthy
                } else {
                    // A late signal changes nothing: the receipt shows the state the agent is in.
                    health = current[agent.name]
                    own = agent.lastSignal?.reportsProblem(slo: rules.settings.slo) == true ? .degraded : .healthy
                }
                current[agent.name] = health
                receipts.append(Receipt(
                    agent: agent.name, state: health?.incident != nil ? health?.state ?? own : own, applied: outcome.applied,
                    problem: outcome.problem, incident: health?.incident, registered: outcome.registered))
            }
            return receipts
        }
        return nil
    }

    /// What one signal of a request did: applied or late, a problem or not, and the note when it registered its agent.
    private typealias Outcome = (signal: StatusSignal, applied: Bool, problem: Bool, registered: String?)

    /// Whether an applied signal is the loop's business: a problem, or news for an open incident.
    private func needsLoop(_ outcome: Outcome, health: [String: AgentHealthRow]) -> Bool {
        outcome.applied && (outcome.problem || health[outcome.signal.agent]?.incident != nil)
    }

    /// The agents' rows and the loop's health rows of `names` (a healthy signal of an agent without
    /// an incident needs nothing from the loop), with the health rows' versions (0 for none). With
    /// `trustingKept`, the rows this intake kept from its last read or write, when it kept them
    /// all (`trusted`: the commit must check the health rows' versions; the agents' puts check
    /// theirs); otherwise read from the store.
    private func rows(of names: [String], tenant: String, trustingKept: Bool) async throws(HealingError) -> (
        agents: [String: (record: AgentRecord, version: Int64)], health: [String: AgentHealthRow], healthVersions: [String: Int64], trusted: Bool
    ) {
        let decoded = remediator.decoded
        let agentKeys = names.map { DocumentKey(HealingRows.agents, $0) }
        let healthKeys = names.map { DocumentKey(HealingRows.agentHealth, $0) }
        var agents: [String: (record: AgentRecord, version: Int64)] = [:]
        var health: [String: AgentHealthRow] = [:]
        if trustingKept,
            let keptAgents = decoded.lastKnown(AgentRecord.self, tenant: tenant, keys: agentKeys),
            let keptHealth = decoded.lastKnown(AgentHealthRow.self, tenant: tenant, keys: healthKeys) {
            var versions: [String: Int64] = [:]
            for (key, row) in keptAgents { if let record = row.value { agents[key.id] = (record, row.version) } }
            for (key, row) in keptHealth {
                versions[key.id] = row.version
                if let value = row.value { health[key.id] = value }
            }
            return (agents, health, versions, true)
        }
        let read = try await decoded.rows(AgentRecord.self, keys: agentKeys, AgentHealthRow.self, keys: healthKeys, tenant: tenant, store: store)
        for (key, row) in read.a {
            agents[key.id] = (row.value, row.version)
        }
        var versions: [String: Int64] = [:]
        for (key, row) in read.b {
            health[key.id] = row.value
            versions[key.id] = row.version
        }
        return (agents, health, versions, false)
    }
}
