import StewardCore

extension Remediator {
    /// Who rejected a failed step's action, when a person did (nil for any other failure).
    func rejecter(of run: StepRun, tenant: String) async throws(HealingError) -> String? {
        guard run.status == .failed, let id = run.action else { return nil }
        let (record, _) = try await action(id, tenant: tenant)
        guard record.status == .rejected else { return nil }
        return record.rejection?.by ?? "a person"
    }

    /// The class's playbooks not yet run for the incident (nor selected by the bandit in one of
    /// its attempts). The bandit's own playbook is left out: it would only choose among those.
    func untriedPlaybooks(_ incident: Incident) -> [Playbook] {
        let tried = incident.playbooksRun
        return rules.playbooks(for: incident.classification).filter { !tried.contains($0.name) && !$0.isBanditChoice }
    }
}
