/// How far a tenant has progressed from human-in-the-loop to high automation (seed 002).
///
/// Each level caps the autonomy mode the action spine may use: L3 sends every action to a person;
/// L3+ lets only Steward's own remediation steps run without a person; L4 is autopilot within the scope;
/// L4+ adds the scheduled (time- or event-triggered) runs of opted-in accounts.
public enum AutonomyLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Approval for everything.
    case l3 = "L3"
    /// Autonomy for Steward's own remediation steps only.
    case l3Plus = "L3+"
    /// Autopilot within the scope.
    case l4 = "L4"
    /// Autopilot within the scope, plus scheduled runs.
    case l4Plus = "L4+"

    /// The highest mode this level allows.
    public var ceiling: AutonomyMode {
        switch self {
        case .l3: .approve
        case .l3Plus, .l4: .autopilot
        case .l4Plus: .scheduled
        }
    }

    /// The level that corresponds to a mode, for tenants that never set one.
    public init(mode: AutonomyMode) {
        switch mode {
        case .assist, .approve: self = .l3
        case .autopilot: self = .l4
        case .scheduled: self = .l4Plus
        }
    }

    /// The next level up, if any.
    public var next: AutonomyLevel? {
        switch self {
        case .l3: .l3Plus
        case .l3Plus: .l4
        case .l4: .l4Plus
        case .l4Plus: nil
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: AutonomyLevel, b: AutonomyLevel) -> Bool { a.rank < b.rank }
}
