/// How the playbook bandit balances trying playbooks against using the best one known.
public enum BanditStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Seed 000 §5: explore a random allowed playbook with probability ε, else take the best mean.
    case epsilonGreedy = "epsilon-greedy"
    /// Sample each allowed playbook's mean reward from its posterior and take the largest draw.
    case thompson
}
