import Logging
public import StewardCore

extension Experiments {
    /// What an operator says to a promotion proposal (seed 004 §2b.4).
    public enum Answer: String, Sendable, CaseIterable {
        case approve
        case reject
        case `defer`

        var status: ProposalStatus {
            switch self {
            case .approve: .approved
            case .reject: .rejected
            case .defer: .deferred
            }
        }
    }

    /// Records an operator's answer to the experiment's promotion proposal. Approving records
    /// `routing.promoted` and, when the skill's strategies are configured, switches its routing to
    /// the treatment through the routing override; a rejection needs a reason.
    public func decide(
        _ id: String, answer: Answer, reason: String?, tenant: String, principal: String, actor: String
    ) async throws(SpineError) -> Experiment {
        if answer == .reject && (reason ?? "").isEmpty { throw .invalid([.init(field: "reason", reason: "is required to reject a proposal")]) }
        var (experiment, version) = try await load(id, tenant: tenant)
        guard var proposal = experiment.proposal else {
            throw .conflict("experiment '\(id)' has no promotion proposal (verdict: \(experiment.verdict?.outcome.rawValue ?? "none yet"))")
        }
        guard proposal.status.isOpen else { throw .conflict("the proposal of experiment '\(id)' is already \(proposal.status.rawValue)") }
        let now = clock.now()
        proposal.status = answer.status
        proposal.decidedAt = now
        proposal.decidedBy = principal
        proposal.reason = reason
        experiment.proposal = proposal
        let payload: JSONValue = [
            "skill": .string(experiment.skill), "strategy": .string(proposal.strategy), "by": .string(principal),
            "reason": reason.map(JSONValue.string) ?? .null,
        ]
        var extra: [LedgerDraft] = []
        if answer == .approve {
            extra.append(try draft(tenant, "routing.promoted", subject: "skill:\(experiment.skill)", actor: actor, [
                "skill": .string(experiment.skill), "strategy": .string(proposal.strategy), "from": .string(experiment.control),
                "experiment": .string(experiment.id), "by": .string(principal),
            ], now: now))
        }
        try await save(
            experiment, version: version, tenant: tenant, kind: "experiment.\(proposal.status.rawValue)", actor: actor, payload: payload, now: now,
            ended: false, extra: extra)
        if answer == .approve { await applyPromotion(experiment, tenant: tenant, principal: principal, actor: actor) }
        return experiment
    }

    /// Switches the skill's routing to the promoted strategy when routing knows the skill; the
    /// `routing.promoted` entry stands either way.
    func applyPromotion(_ experiment: Experiment, tenant: String, principal: String, actor: String) async {
        guard let routing, routing.settings.strategies(of: experiment.skill) != nil else {
            logger.info("promotion recorded; the skill has no configured routing to switch", metadata: [
                "tenant": "\(tenant)", "experiment": "\(experiment.id)", "skill": "\(experiment.skill)",
            ])
            return
        }
        do {
            _ = try await routing.promote(
                skill: experiment.skill, to: experiment.treatment, reason: "experiment \(experiment.id) (\(experiment.name)) promoted",
                tenant: tenant, principal: principal, actor: actor)
        } catch {
            logger.error("promotion recorded but the routing switch failed", metadata: [
                "tenant": "\(tenant)", "experiment": "\(experiment.id)", "skill": "\(experiment.skill)", "error": "\(error)",
            ])
        }
    }
}
