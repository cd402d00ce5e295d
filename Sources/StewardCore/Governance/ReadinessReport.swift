/// Seed 002's ReadinessReport: where a tenant stands against the three checklists, whether it is
/// ready for the next autonomy level, and what to do next.
public struct ReadinessReport: Sendable, Hashable, Codable {
    /// When it was assessed.
    public var timestamp: Timestamp
    /// The level the tenant is at.
    public var currentPhase: AutonomyLevel
    /// Whole days since the tenant reached that level.
    public var daysSincePhaseStart: Int
    /// The score across all checklists and the verdict.
    public var overall: Overall
    /// The technical checklist.
    public var technical: ChecklistStatus
    /// The process checklist.
    public var process: ChecklistStatus
    /// The organizational checklist.
    public var organizational: ChecklistStatus
    /// What the assessor advises, most urgent first.
    public var recommendations: [Recommendation]
    /// One step per failing item, required items first.
    public var nextActions: [NextAction]

    /// Creates a report.
    public init(
        timestamp: Timestamp, currentPhase: AutonomyLevel, daysSincePhaseStart: Int, overall: Overall,
        technical: ChecklistStatus, process: ChecklistStatus, organizational: ChecklistStatus,
        recommendations: [Recommendation], nextActions: [NextAction]
    ) {
        self.timestamp = timestamp
        self.currentPhase = currentPhase
        self.daysSincePhaseStart = daysSincePhaseStart
        self.overall = overall
        self.technical = technical
        self.process = process
        self.organizational = organizational
        self.recommendations = recommendations
        self.nextActions = nextActions
    }

    /// The three checklists in the seed's order.
    public var checklists: [ChecklistStatus] { [technical, process, organizational] }

    /// The overall verdict.
    public struct Overall: Sendable, Hashable, Codable {
        /// points ÷ maxPoints, 0–1.
        public var score: Double
        /// Points of the passing items.
        public var points: Int
        /// 80.
        public var maxPoints: Int
        /// Whether points ≥ 76 and no required item fails.
        public var ready: Bool
        /// Names of the failing required items.
        public var blockers: [String]

        /// Creates the verdict.
        public init(score: Double, points: Int, maxPoints: Int, ready: Bool, blockers: [String]) {
            self.score = score
            self.points = points
            self.maxPoints = maxPoints
            self.ready = ready
            self.blockers = blockers
        }
    }
}

/// One checklist's result.
public struct ChecklistStatus: Sendable, Hashable, Codable {
    /// points ÷ maxPoints, 0–1.
    public var score: Double
    /// Points of the passing items.
    public var points: Int
    /// The checklist's maximum (35, 25 or 20).
    public var maxPoints: Int
    /// Every item, in the seed's order.
    public var items: [ChecklistItem]

    /// The status of `items`, scored from their weights.
    public init(items: [ChecklistItem]) {
        self.items = items
        points = items.filter(\.status).reduce(0) { $0 + $1.weight }
        maxPoints = items.reduce(0) { $0 + $1.weight }
        score = maxPoints > 0 ? Double(points) / Double(maxPoints) : 0
    }
}

/// One assessed checklist item.
public struct ChecklistItem: Sendable, Hashable, Codable {
    /// The criterion's stable key.
    public var key: String
    /// The seed's name.
    public var name: String
    /// Points it gives when it passes.
    public var weight: Int
    /// Whether failing it blocks readiness.
    public var required: Bool
    /// Whether it passes.
    public var status: Bool
    /// What decided it this time.
    public var decidedBy: ChecklistDecider
    /// A sentence with the figure or the attestation behind the status.
    public var details: String

    /// Creates an item.
    public init(key: String, name: String, weight: Int, required: Bool, status: Bool, decidedBy: ChecklistDecider, details: String) {
        self.key = key
        self.name = name
        self.weight = weight
        self.required = required
        self.status = status
        self.decidedBy = decidedBy
        self.details = details
    }
}

/// Advice from the assessment (seed 002 Recommendation).
public struct Recommendation: Sendable, Hashable, Codable {
    /// What to do.
    public var type: Kind
    /// How urgent.
    public var priority: Priority
    /// Why, with the figures.
    public var rationale: String
    /// Concrete steps.
    public var actions: [String]

    /// Creates a recommendation.
    public init(type: Kind, priority: Priority, rationale: String, actions: [String]) {
        self.type = type
        self.priority = priority
        self.rationale = rationale
        self.actions = actions
    }

    /// The seed's four kinds of advice.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Propose the next level and more whitelisted commands.
        case expandScope = "expand_scope"
        /// Stay at the current level and keep collecting evidence.
        case maintain
        /// Go back to L3 (or hold it and shrink the scope).
        case rollback
        /// Look into a weak figure before it becomes a blocker.
        case investigate
    }

    /// The seed's priorities.
    public enum Priority: String, Sendable, Hashable, Codable, CaseIterable {
        /// Act this week.
        case high
        /// Act soon.
        case medium
        /// No action needed.
        case low
    }
}

/// A step that makes a failing item pass.
public struct NextAction: Sendable, Hashable, Codable {
    /// What to do, in a sentence.
    public var title: String
    /// The checklist item it closes.
    public var itemKey: String?
    /// Who usually does it (`tech-lead`, `ops-lead`, `leadership`).
    public var ownerHint: String?

    /// Creates a next action.
    public init(title: String, itemKey: String? = nil, ownerHint: String? = nil) {
        self.title = title
        self.itemKey = itemKey
        self.ownerHint = ownerHint
    }
}
