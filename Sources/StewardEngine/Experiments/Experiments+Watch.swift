import Logging
import StewardCore

extension Experiments {
    /// Checks the guardrails of the running experiments of the skills in a stored batch, so a
    /// treatment that regresses is rolled back as its executions arrive, not at the next round.
    public func watch(_ batch: StoredExecutions) async {
        let skills = Set(batch.records.filter { $0.routingStrategy != nil }.map(\.skillName))
        for skill in skills.sorted() {
            do {
                let pointer = try await store.projection(tenant: batch.tenant, collection: Self.running, id: skill)
                guard let id = pointer?.body["experiment"]?.stringValue else { continue }
                _ = try await evaluate(id, tenant: batch.tenant, conclude: false, actor: "steward")
            } catch {
                logger.warning("experiment guardrail check failed", metadata: ["tenant": "\(batch.tenant)", "skill": "\(skill)", "error": "\(error)"])
            }
        }
    }
}
