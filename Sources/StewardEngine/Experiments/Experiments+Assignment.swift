public import StewardCore

extension Experiments {
    /// The arm and strategy `key` follows while an experiment on `skill` runs, or nil when none
    /// runs: the same key always gets the same arm (``Assignment``).
    public func assignment(tenant: String, skill: String, key: String) async throws(SpineError) -> (experimentID: String, arm: Arm, strategy: String)? {
        let pointer: ProjectionDocument?
        do { pointer = try await store.projection(tenant: tenant, collection: Self.running, id: skill) } catch { throw .store(error) }
        guard let id = pointer?.body["experiment"]?.stringValue else { return nil }
        let (experiment, _) = try await load(id, tenant: tenant)
        guard experiment.isRunning else { return nil }
        let arm = Assignment.arm(experimentID: experiment.id, key: key, trafficSplit: experiment.trafficSplit)
        return (experiment.id, arm, arm == .treatment ? experiment.treatment : experiment.control)
    }
}
