extension ActionType {
    /// The action types of the agent primitives (seed 001 §5, seed 000 §7): remediation steps
    /// that act on an agent are proposals of these types, carried out by the agent's executor.
    /// All are internal and idempotent (the agent receives an idempotency key); a schema
    /// migration cannot be undone, so it is medium risk and a person approves it.
    public static func remediationTypes(costs: ActionCosts) -> [ActionType] {
        Primitive.allCases.filter { !$0.isBuiltin }.map { primitive in
            let migration = primitive == .schemaMigrateIfNeeded
            return ActionType(
                name: primitive.rawValue, risk: migration ? .medium : .low, reversible: !migration, idempotent: true, external: false,
                costUsd: primitive.cost(costs), domain: .operations, impactPoints: 0, expectedDownsideUsd: migration ? 20 : 1,
                executor: .agent)
        } + [
            ActionType(
                name: allocationTypeName, risk: .low, reversible: true, idempotent: true, external: false, costUsd: 0,
                domain: .operations, impactPoints: 0, expectedDownsideUsd: 0.5, executor: .agent),
        ]
    }

    /// The names of the agent primitives' action types (and of `applyAllocation`).
    public static let remediationTypeNames: Set<String> = Set(Primitive.allCases.filter { !$0.isBuiltin }.map(\.rawValue) + [allocationTypeName])

    /// The action that tells an agent its concurrency slots changed (seed 000 §3).
    public static let allocationTypeName = "applyAllocation"
}
