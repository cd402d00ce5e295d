public import StewardCore
public import StewardEngine
import Synchronization

/// Plays a simulated fleet's part against the engine: posts its signals and proposals, carries
/// out what Steward dispatches to its agents, and approves (as the operator) what waits for a
/// person. Used by `steward simulate` on a virtual clock and by `steward demo` in real time.
public final class FleetDriver: Sendable {
    let spine: ActionSpine
    let remediator: Remediator
    let intake: SignalIntake
    let tenant: String
    /// After how long the simulated operator approves what waits for a person (nil: never).
    let operatorDelaySeconds: Int64?
    let opened = Inbox<Incident>()
    let builtins = Inbox<BuiltinStep>()

    /// A driver for `tenant` over the engine's parts; the simulated operator approves pending
    /// actions after `operatorDelaySeconds` (nil leaves them for people).
    public init(spine: ActionSpine, remediator: Remediator, intake: SignalIntake, tenant: String, operatorDelaySeconds: Int64? = 300) {
        self.operatorDelaySeconds = operatorDelaySeconds
        self.spine = spine
        self.remediator = remediator
        self.intake = intake
        self.tenant = tenant
        let opened = self.opened, builtins = self.builtins
        remediator.openedIncidents.add { incident in
            if incident.tenant == tenant { opened.add(incident) }
        }
        remediator.builtinSteps.add { step in
            if step.tenant == tenant { builtins.add(step) }
        }
    }

    /// Plays the fleet's events up to `now` and settles what they caused.
    public func play(_ events: [FleetEvent], fleet: inout Fleet, tally: inout SimulationTally, now: Timestamp) async throws {
        var signals: [StatusSignal] = []
        for event in events {
            switch event {
            case .signal(let s): signals.append(s)
            case .proposal(let p): try await propose(p, tally: &tally)
            }
        }
        if !signals.isEmpty { try await ingest(signals, fleet: fleet, tally: &tally) }
        try await settle(&fleet, tally: &tally, now: now)
    }

    /// Proposes an agent's business action.
    public func propose(_ p: FleetProposal, tally: inout SimulationTally) async throws {
        let proposal = ActionProposal(id: spine.makeID(), tenant: tenant, agent: p.agent, account: p.account, type: p.type, params: p.params)
        let record = try await spine.propose(proposal, actor: "agent:\(p.agent)")
        tally.actions.proposed += 1
        switch record.decision.outcome {
        case .autoExecute: tally.actions.autoExecuted += 1
        case .requireApproval: break
        case .block, .defer_: tally.actions.held += 1
        }
    }

    /// Ingests one round of signals and notes the truth behind each incident they opened.
    public func ingest(_ signals: [StatusSignal], fleet: Fleet, tally: inout SimulationTally) async throws {
        _ = try await intake.ingest(signals, tenant: tenant, actor: "agents")
        for incident in opened.take() {
            tally.classified[incident.id] = incident.classification
            if let truth = fleet.truth(agent: incident.agent) { tally.truths[incident.id] = truth }
        }
    }

    /// Carries out what Steward dispatched to agents, and approves what waits for a person
    /// (the simulated operator approves after 5 minutes), until nothing more is dispatched.
    public func settle(_ fleet: inout Fleet, tally: inout SimulationTally, now: Timestamp) async throws {
        for _ in 0..<20 {
            // Steward's own steps (throttles, slots, priority rules, refreshes) reach the fleet too.
            for step in builtins.take() {
                _ = fleet.perform(FleetStep(actionID: "builtin", agent: step.agent, type: step.primitive.rawValue, params: .object(step.args)), at: now)
            }
            let dispatched = try await spine.actions(tenant: tenant, status: .dispatched, account: nil, agent: nil, after: nil, limit: 1000)
            var performed = 0
            for record in dispatched {
                let p = record.proposal
                // A restarting agent runs nothing until it is back: the step stays handed out.
                if p.trigger == .remediation && fleet.isRestarting(agent: p.agent, at: now) { continue }
                performed += 1
                let ok: Bool, detail: String
                if p.trigger == .remediation {
                    let result = fleet.perform(FleetStep(actionID: p.id, agent: p.agent, type: p.type, params: record.effectiveParams), at: now)
                    (ok, detail) = (result.succeeded, result.detail)
                } else {
                    ok = fleet.actionSucceeds(agent: p.agent, type: p.type, at: now)
                    detail = ok ? "done" : "the agent's call failed"
                    if let type = spine.actionType(named: p.type), type.risk == .high || type.external, record.approvals.isEmpty {
                        tally.safetyViolations += 1
                    }
                }
                _ = try? await spine.recordOutcome(
                    p.id, tenant: tenant, by: "agent:\(p.agent)", label: ok ? .executionSucceeded : .executionFailed, detail: detail, rollback: false)
            }
            if performed == 0 { break }
        }
        guard let delay = operatorDelaySeconds, now.millisecondsSinceEpoch % 60_000 < Simulation.stepSeconds * 1000 else { return }
        for record in try await spine.actions(tenant: tenant, status: .pendingApproval, account: nil, agent: nil, after: nil, limit: 1000)
        where now.milliseconds(since: record.createdAt) >= delay * 1000 {
            if (try? await spine.approve(record.proposal.id, tenant: tenant, by: "key:operator", params: nil, note: "simulated operator")) != nil,
               record.proposal.trigger != .remediation {
                tally.actions.approvedByPerson += 1
            }
        }
    }
}

/// Items observers hand over to the driver's loop.
final class Inbox<Item: Sendable>: Sendable {
    private let items = Mutex<[Item]>([])

    func add(_ item: Item) { items.withLock { $0.append(item) } }

    /// Everything added since the last take.
    func take() -> [Item] {
        items.withLock { list in
            let taken = list
            list.removeAll()
            return taken
        }
    }
}
