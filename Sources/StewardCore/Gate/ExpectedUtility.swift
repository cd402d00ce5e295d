/// Expected utility of seed 000 §2: EU = projected value gain − action cost − risk penalty.
public struct ExpectedUtility: Sendable, Hashable, Codable {
    /// Impact points × the domain's dollar value per point × the chance of success.
    public var valueGain: Double
    /// The action's cost in US dollars.
    public var cost: Double
    /// Risk score × expected downside in US dollars.
    public var riskPenalty: Double
    /// valueGain − cost − riskPenalty.
    public var value: Double

    /// Creates a utility from its parts.
    public init(valueGain: Double, cost: Double, riskPenalty: Double) {
        self.valueGain = valueGain
        self.cost = cost
        self.riskPenalty = riskPenalty
        value = valueGain - cost - riskPenalty
    }

    /// The utility of running `proposal`.
    ///
    /// - Parameters:
    ///   - successProbability: the learned chance the action succeeds (1 before anything is learned).
    public static func of(
        _ proposal: ActionProposal, type: ActionType, risk: RiskAssessment, values: DomainValues,
        successProbability: Double = 1
    ) -> ExpectedUtility {
        let points = proposal.impactPoints ?? type.impactPoints
        return ExpectedUtility(
            valueGain: points * values.dollars(perPointOf: type.domain) * min(max(successProbability, 0), 1),
            cost: type.costUsd, riskPenalty: risk.score * type.expectedDownsideUsd)
    }
}

extension DomainValues {
    /// Dollars per impact point in `domain`. The documents value Revenue, Marketing and Content
    /// points; Operations and Executive work counts at the revenue rate, since it serves it.
    public func dollars(perPointOf domain: Domain) -> Double {
        switch domain {
        case .revenue, .operations, .executive: revenuePoint
        case .marketing: marketingPoint
        case .content: contentPoint
        }
    }
}

/// A candidate among several, with its utility: every candidate's EU is recorded with the choice.
public struct ScoredCandidate: Sendable, Hashable, Codable {
    /// The candidate's name (an action type or a playbook).
    public var name: String
    /// Its utility.
    public var utility: ExpectedUtility

    /// Creates a scored candidate.
    public init(name: String, utility: ExpectedUtility) {
        self.name = name
        self.utility = utility
    }

    /// Candidates by utility, best first; ties keep the given order.
    public static func ranked(_ candidates: [ScoredCandidate]) -> [ScoredCandidate] {
        candidates.enumerated().sorted { a, b in
            a.element.utility.value != b.element.utility.value ? a.element.utility.value > b.element.utility.value : a.offset < b.offset
        }.map(\.element)
    }
}
