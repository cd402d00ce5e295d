import StewardCore
import Synchronization

extension Remediator {
    /// Chooses a playbook and starts the next attempt, or escalates when the class has none
    /// (`arms`: the class's arm statistics, when already read).
    func begin(_ incident: inout Incident, change: inout HealingChange, now: Timestamp, arms: [String: ArmStats]? = nil) async throws(HealingError) {
        let candidates = rules.playbooks(for: incident.classification)
        guard !candidates.isEmpty else {
            try await escalate(&incident, reason: "NoPlaybook", summary: "No playbook heals \(incident.classification.rawValue) incidents.", change: &change, now: now)
            return
        }
        let choice = try await choose(among: candidates, for: incident, arms: arms)
        guard let playbook = rules.configuration.playbook(named: choice.chosen) else { return }
        // The incident keeps its first choice (what the bandit-lift KPI credits); every attempt
        // records its own.
        if incident.choice == nil { incident.choice = choice }
        var attempt = Attempt(number: incident.attempts.count + 1, playbook: playbook, before: incident.lastSignal.metrics, startedAt: now)
        attempt.choice = choice
        incident.attempts.append(attempt)
        incident.status = .remediating
        incident.updatedAt = now
        change.log("remediation.started", subject: HealingRows.subject(agent: incident.agent), [
            "incident": .string(incident.id), "attempt": .int(Int64(attempt.number)), "playbook": .string(playbook.name),
            "choice": encode(choice),
        ])
    }

    /// Expected utility for every candidate; the bandit, when enabled, picks among them (a class
    /// whose playbooks include a `selectByBandit` one runs that, and its step picks). Without the
    /// bandit, the best utility wins among playbooks that do not need it. A later attempt prefers
    /// a playbook not yet tried.
    func choose(among candidates: [Playbook], for incident: Incident, arms known: [String: ArmStats]? = nil) async throws(HealingError) -> PlaybookChoice {
        let arms: [String: ArmStats]
        if let known { arms = known } else { arms = try await armStats(incident.tenant, incident.classification) }
        let scored = ScoredCandidate.ranked(candidates.map { ScoredCandidate(name: $0.name, utility: utility(of: $0, incident: incident, arms: arms)) })
        // Playbooks that closed the agent's previous incident but did not hold count as tried, and
        // so does the one the bandit selected in an earlier attempt.
        let tried = incident.playbooksTried
        let bandit = rules.settings.bandit
        // The bandit's playbook, while one of its candidates is untried (its pick skips the tried ones).
        let meta = bandit.enabled ? candidates.first(where: \.isBanditChoice) : nil
        let banditCanTry = meta.map { $0.banditCandidates.contains { !tried.contains($0) } } ?? false
        if let meta, banditCanTry, !tried.contains(meta.name) {
            return PlaybookChoice(candidates: scored, chosen: meta.name, byBandit: true, explored: false,
                                  reason: "\(meta.name) lets the bandit choose among its candidates")
        }
        let plain = scored.filter { name in candidates.first { $0.name == name.name }?.isBanditChoice == false }
        let fresh = plain.filter { !tried.contains($0.name) }
        // After its first run, the bandit's playbook comes back only for a candidate nothing else offers.
        if let meta, banditCanTry, fresh.isEmpty {
            return PlaybookChoice(candidates: scored, chosen: meta.name, byBandit: true, explored: false,
                                  reason: "\(meta.name) again, for a candidate not yet tried")
        }
        // Past the untried ones, a playbook that healed the last incident but did not hold is a
        // better bet than one that has just failed in this incident.
        let failedHere = incident.playbooksRun
        let unfailed = plain.filter { !failedHere.contains($0.name) }
        let pool = !fresh.isEmpty ? fresh : (!unfailed.isEmpty ? unfailed : plain)
        guard let best = pool.first else {
            return PlaybookChoice(candidates: scored, chosen: candidates[0].name, byBandit: false, explored: false, reason: "the only playbook for the class")
        }
        if bandit.enabled, pool.count > 1 {
            let names = pool.map(\.name)
            let allowed = try await allowedPlaybooks(names, incident: incident)
            var utilities: [String: Double] = [:]
            for s in pool { utilities[s.name] = s.utility.value }
            let picked = generator.withLock { g in
                PlaybookBandit.choose(
                    candidates: names, stats: arms, allowed: allowed, utilities: utilities, strategy: bandit.strategy,
                    epsilon: bandit.exploration, using: &g)
            }
            if let picked {
                return PlaybookChoice(candidates: scored, chosen: picked.chosen, byBandit: true, explored: picked.explored, reason: picked.reason)
            }
        }
        var why = "highest expected utility"
        if !fresh.isEmpty && !tried.isEmpty {
            why += " among playbooks not yet tried"
        } else if fresh.isEmpty && !unfailed.isEmpty && !failedHere.isEmpty {
            why += " among playbooks that have not failed in this incident"
        }
        let notHeld = (incident.notHeld ?? []).filter { name in !pool.contains { $0.name == name } }
        if !notHeld.isEmpty { why += "; passed over as they healed the last incident but did not hold: \(notHeld.joined(separator: ", "))" }
        return PlaybookChoice(
            candidates: scored, chosen: best.name, byBandit: false, explored: false,
            reason: "\(best.name): \(why) (\(Self.format(best.utility.value)))")
    }

    /// What steps cost as the budget charges them (``StepPrices``).
    var stepPrices: StepPrices { StepPrices(costs: rules.settings.costs, types: spine.spineRules.types) }

    /// EU = impact points × the domain's value × the learned chance of success − step costs − risk penalty.
    func utility(of playbook: Playbook, incident: Incident, arms: [String: ArmStats]) -> ExpectedUtility {
        let settings = rules.settings
        let agent = rules.declaredAgent(incident.agent, tenant: incident.tenant)
        let points = playbook.impactPoints ?? agent?.impactPointsPerHour ?? 1
        let stats = arms[playbook.name]
        let chance = Double((stats?.successes ?? 0) + 1) / Double((stats?.pulls ?? 0) + 2)
        var penalty = 0.0
        for step in playbook.steps where !step.primitive.isBuiltin {
            guard let type = spine.spineRules.types[step.primitive.rawValue] else { continue }
            penalty += Self.riskWeight(type.risk) * type.expectedDownsideUsd
        }
        return ExpectedUtility(
            valueGain: points * settings.values.dollars(perPointOf: incident.domain) * chance, cost: stepPrices.price(playbook),
            riskPenalty: penalty)
    }

    /// The share of an action type's downside its risk level stands for in a risk penalty.
    static func riskWeight(_ risk: RiskLevel) -> Double {
        switch risk {
        case .low: 0.1
        case .medium: 0.5
        case .high: 0.9
        }
    }

    /// The playbooks whose every agent step the gate would run without a person now: the bandit
    /// explores only among these, so learning never buys risk.
    func allowedPlaybooks(_ names: [String], incident: Incident) async throws(HealingError) -> Set<String> {
        var allowed: Set<String> = []
        for name in names {
            guard let playbook = rules.configuration.playbook(named: name) else { continue }
            var ok = true
            for step in playbook.steps where !step.primitive.isBuiltin {
                let proposal = ActionProposal(
                    id: "act_dryrun", tenant: incident.tenant, agent: incident.agent, type: step.primitive.rawValue, trigger: .remediation,
                    impactPoints: 0)
                do {
                    let (_, decision) = try await spine.evaluate(proposal)
                    if decision.outcome != .autoExecute { ok = false }
                } catch {
                    ok = false
                }
                if !ok { break }
            }
            if ok { allowed.insert(name) }
        }
        return allowed
    }

    /// The bandit's arms for a tenant's class, by playbook, in one read.
    func armStats(_ tenant: String, _ classification: Classification) async throws(HealingError) -> [String: ArmStats] {
        let docs: [ProjectionDocument]
        do { docs = try await store.projections(tenant: tenant, keys: armKeys(classification)) } catch { throw .store(error) }
        return try arms(docs)
    }

    /// The rows of the arms of every playbook for `classification`.
    func armKeys(_ classification: Classification) -> [DocumentKey] {
        rules.configuration.playbooks.map { DocumentKey(HealingRows.arms, HealingRows.arm(classification, $0.name)) }
    }

    /// Arm rows decoded, by playbook.
    func arms(_ docs: [ProjectionDocument]) throws(HealingError) -> [String: ArmStats] {
        var arms: [String: ArmStats] = [:]
        for doc in docs {
            let stats = try store.decodeRow(ArmStats.self, doc)
            arms[stats.playbook] = stats
        }
        return arms
    }

    func encode(_ value: some Encodable) -> JSONValue {
        (try? JSONValueEncoder.encode(value)) ?? .null
    }

    static func format(_ value: Double) -> String {
        let hundredths = (value * 100).rounded() / 100
        return "\(hundredths)"
    }
}
