/// Bandit lift (seed 000 §8): MTTR of bandit-chosen playbooks against each class's fixed default,
/// compared within each class that has both.
public struct BanditLiftKPI: Sendable, Hashable, Codable {
    /// Mean minutes to recover of resolved incidents whose playbook the bandit chose (in the
    /// compared classes; in all of them when no class has a fixed-default group); nil if none.
    public var banditMttrMinutes: Double?
    /// Mean minutes to recover of resolved incidents that ran their class's fixed default without
    /// the bandit, each class weighted by its bandit incidents; nil when no class has both groups.
    public var defaultMttrMinutes: Double?
    /// (default − bandit) ÷ default: 0.1 means the bandit recovers 10% faster; nil when either side
    /// is missing or the default MTTR is 0.
    public var lift: Double?

    /// Creates the figure.
    public init(banditMttrMinutes: Double?, defaultMttrMinutes: Double?, lift: Double?) {
        self.banditMttrMinutes = banditMttrMinutes
        self.defaultMttrMinutes = defaultMttrMinutes
        self.lift = lift
    }
}
