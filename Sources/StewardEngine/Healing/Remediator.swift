public import Logging
public import StewardCore
import Synchronization

/// The remediation loop of seed 001 §3 as a durable state machine: a problem signal opens (or
/// joins) an incident, which is classified, given a playbook, run step by step through the
/// action spine, verified against the next fresh signal, retried, and escalated. Every change is
/// a commit of the incident row with the ledger entries that say what happened; an incident's
/// events are handled one at a time.
public final class Remediator: Sendable {
    let store: any Store
    let spine: ActionSpine
    let rules: HealingRules
    let clock: any WallClock
    let logger: Logger
    let newID: @Sendable (String) -> String
    let locks = KeyedLocks()
    /// Agents' and incidents' rows as the listings last decoded them.
    let decoded = DecodedRows()
    let generator: Mutex<SeededGenerator>
    /// Told about each incident opened, after its commit (the breakers count them).
    public let openedIncidents = Observers<Incident>()
    /// Told about each builtin step (Steward changing its own state: throttles, slots, priority
    /// rules, refreshes) after its commit, for whoever carries the change out (the simulator).
    public let builtinSteps = Observers<BuiltinStep>()

    /// A loop over `store` acting through `spine`; `seed` fixes the bandit's random choices.
    public init(
        store: any Store, spine: ActionSpine, rules: HealingRules, clock: any WallClock, logger: Logger, seed: UInt64,
        newID: @escaping @Sendable (String) -> String = Remediator.randomID
    ) {
        self.store = store
        self.spine = spine
        self.rules = rules
        self.clock = clock
        self.logger = logger
        self.newID = newID
        generator = Mutex(SeededGenerator(seed: seed))
        spine.observers.add { [weak self] change in
            let record = change.record
            guard let self, record.proposal.trigger == .remediation else { return }
            guard let incident = Self.incident(ofAction: record.proposal.id) else {
                if change.kinds.contains("action.outcome") || change.kinds.contains("action.executed") { await self.noteSweptRefresh(record) }
                return
            }
            await self.advance(incident, tenant: record.proposal.tenant)
        }
    }

    /// `prefix_` and 16 random hex digits.
    @Sendable public static func randomID(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + "_" + Digest.hex((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The rules in force.
    public var healingRules: HealingRules { rules }

    /// The action id of a step's try: derived from the incident, so a resumed loop finds the
    /// action it already proposed instead of proposing it again.
    static func actionID(incident: String, attempt: Int, step: Int, try number: Int) -> String {
        "act_\(incident)_\(attempt)_\(step)_\(number)"
    }

    /// The incident an action id belongs to, for actions the loop proposed.
    static func incident(ofAction id: String) -> String? {
        guard id.hasPrefix("act_inc_") else { return nil }
        let parts = id.dropFirst(4).split(separator: "_")
        guard parts.count >= 5 else { return nil }
        return "\(parts[0])_\(parts[1])"
    }

    /// Handles a signal the intake applied: joins, verifies or resolves the agent's open
    /// incident, or opens one for a problem. Returns the agent's remediation row afterwards.
    public func observe(_ signal: StatusSignal, agent: AgentRecord, problem: Bool, receivedAt: Timestamp) async -> AgentHealthRow? {
        await locks.run("\(agent.tenant)/\(agent.name)") {
            // Another writer (the periodic round, another replica) may change the incident between
            // this handler's read and its commit: read again and decide again, a few times.
            for attempt in 1...3 {
                do throws(HealingError) {
                    return try await self.handle(signal, agent: agent, problem: problem, receivedAt: receivedAt)
                } catch {
                    if case .conflict = error, attempt < 3 { continue }
                    self.logger.error("remediation could not handle a signal", metadata: [
                        "tenant": "\(agent.tenant)", "agent": "\(agent.name)", "error": "\(error)",
                    ])
                    return nil
                }
            }
            return nil
        }
    }

    /// Carries on with an incident the intake opened in its own commit (`prepareOpening`), as
    /// `observe` would have after opening it: announces it and runs it forward. Returns the
    /// agent's remediation row afterwards, as this process last wrote it.
    func carryOn(_ incident: Incident, opening: HealingChange) async -> AgentHealthRow? {
        await locks.run("\(incident.tenant)/\(incident.agent)") {
            await self.announce(incident, change: opening)
            let opened = AgentHealthRow(incident: incident.id, state: AgentHealthRow.state(of: incident))
            guard incident.status != .escalated else { return opened }
            return await self.advance(incident.id, tenant: incident.tenant, opened: incident) ?? opened
        }
    }

    private func handle(_ signal: StatusSignal, agent: AgentRecord, problem: Bool, receivedAt: Timestamp) async throws(HealingError) -> AgentHealthRow? {
        let tenant = agent.tenant
        let health = try await store.row(AgentHealthRow.self, tenant: tenant, HealingRows.agentHealth, agent.name)
        if let id = health?.value.incident {
            try await locks.run(id) { () async -> Result<Void, HealingError> in
                do throws(HealingError) {
                    try await self.join(id, tenant: tenant, signal: signal, problem: problem, healthyStreak: agent.healthyStreak, receivedAt: receivedAt)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }.get()
            await advance(id, tenant: tenant)
        } else if problem {
            let id = try await open(signal, agent: agent, health: health?.value, healthVersion: health?.version ?? 0)
            if let id { await advance(id, tenant: tenant) }
        }
        return try await store.row(AgentHealthRow.self, tenant: tenant, HealingRows.agentHealth, agent.name)?.value
    }
}

/// A builtin step Steward ran for an incident.
public struct BuiltinStep: Sendable, Hashable {
    /// The tenant.
    public var tenant: String
    /// The incident's agent.
    public var agent: String
    /// The primitive.
    public var primitive: Primitive
    /// Its resolved arguments.
    public var args: [String: JSONValue]
    /// Whether Steward's part succeeded.
    public var succeeded: Bool
}
