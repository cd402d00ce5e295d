/// How much harm an action type can do if it runs when it should not (seed 003 §5.4).
public enum RiskLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Internal, cheap to undo: a note, a task, a draft.
    case low
    /// Visible to colleagues or costly to undo.
    case medium
    /// Reaches customers, money or the forecast; never runs without a person.
    case high

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    /// Lower risk sorts first.
    public static func < (a: RiskLevel, b: RiskLevel) -> Bool { a.rank < b.rank }
}
