/// One run of a playbook against an incident: its steps, then its verification.
public struct Attempt: Sendable, Hashable, Codable {
    /// 1, 2, ...
    public var number: Int
    /// The playbook run.
    public var playbook: String
    /// When it started.
    public var startedAt: Timestamp
    /// The steps to run: the playbook's, with those that `executeSelected` and `refreshIfStale` add.
    public var plan: [PlaybookStep]
    /// The runs of `plan`'s steps so far, index for index.
    public var steps: [StepRun]
    /// The index of the next step of `plan` to run; `plan.count` once all ran.
    public var nextStep: Int
    /// The agent's metrics when it started.
    public var before: SignalMetrics
    /// Tries already made of a step, by its index in `plan` (retryLastTask tries up to `max`).
    public var retriesUsed: [String: Int] = [:]
    /// No step runs before this time (a retry's backoff).
    public var notBefore: Timestamp?
    /// When the steps finished and verification began waiting for a fresh signal.
    public var verifyingSince: Timestamp?
    /// The deadline of that wait.
    public var verifyDeadline: Timestamp?
    /// The verdict on the last signal that did not meet the criteria within the grace period.
    public var notYet: Verification?
    /// The playbook `executeSelected` runs the steps of (set by `selectByBandit`).
    public var selected: String?
    /// The agent that lost priority arbitration (set by `applyPriorityRules`).
    public var losingAgent: String?
    /// The verdict; nil while the attempt runs.
    public var verification: Verification?
    /// When it ended.
    public var endedAt: Timestamp?
    /// The sequence number of its lineage entry.
    public var lineageSeq: Int64?
    /// How Steward chose this attempt's playbook; the incident's `choice` keeps the first one,
    /// so that what the KPIs credit to the bandit is not rewritten by later attempts.
    public var choice: PlaybookChoice?
    /// The person who chose this attempt's playbook through an escalation's option (nil when
    /// Steward chose it).
    public var chosenBy: String?

    /// Starts an attempt.
    public init(number: Int, playbook: Playbook, before: SignalMetrics, startedAt: Timestamp) {
        self.number = number
        self.playbook = playbook.name
        self.startedAt = startedAt
        self.before = before
        plan = playbook.steps
        steps = []
        nextStep = 0
    }

    /// Whether it succeeded.
    public var ok: Bool { verification?.outcome == .passed }
}

/// One step as run: the primitive, its resolved arguments, and how it went.
public struct StepRun: Sendable, Hashable, Codable {
    /// The primitive.
    public var primitive: Primitive
    /// Its arguments after `...Var` references were read.
    public var args: [String: JSONValue]
    /// How it went.
    public var status: StepStatus
    /// The action proposed for it, for an agent primitive.
    public var action: String?
    /// What happened, in a sentence.
    public var detail: String
    /// What the executor or builtin answered.
    public var response: JSONValue?
    /// Tries so far (retryLastTask may try up to `max` times).
    public var tries: Int
    /// The gate's reason when it blocked the step's action (`BUDGET_EXCEEDED`, a policy rule's):
    /// the step never ran, so its failure says nothing about the playbook.
    public var blocked: String?
    /// Who rejected the step's action, when a person did: the step never ran.
    public var rejectedBy: String?

    /// Creates a step run.
    public init(primitive: Primitive, args: [String: JSONValue], status: StepStatus, action: String? = nil, detail: String = "", response: JSONValue? = nil, tries: Int = 1) {
        self.primitive = primitive
        self.args = args
        self.status = status
        self.action = action
        self.detail = detail
        self.response = response
        self.tries = tries
    }
}

/// The state of a step.
public enum StepStatus: String, Sendable, Hashable, Codable {
    /// Its action was proposed and runs (or waits for the agent).
    case running
    /// Its action waits for a person's approval.
    case awaitingApproval = "awaiting_approval"
    /// It did its work.
    case succeeded
    /// It failed, was refused, blocked, rejected or expired; the attempt fails.
    case failed
}
