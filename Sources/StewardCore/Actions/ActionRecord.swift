/// The state row of one action: the proposal, the gate's decision, the approvals, the execution
/// and the outcomes. Kept in the `actions` collection, status and account indexed.
public struct ActionRecord: Sendable, Hashable, Codable {
    /// What was proposed.
    public var proposal: ActionProposal
    /// Where it stands.
    public var status: ActionStatus
    /// The gate's latest decision.
    public var decision: GateDecision
    /// Approvals given so far, in order.
    public var approvals: [Approval]
    /// The parameters a person's edit replaced the proposed ones with.
    public var editedParams: JSONValue?
    /// A rejection, if any.
    public var rejection: Rejection?
    /// The execution, once one started.
    public var execution: ExecutionRecord?
    /// Outcome labels in the order they arrived.
    public var outcomes: [OutcomeEntry]
    /// The learned chance of success when it was proposed (for calibration).
    public var predictedSuccess: Double
    /// The US dollars charged to the tenant's budget when it executed.
    public var chargedUsd: Double
    /// When it was proposed.
    public var createdAt: Timestamp
    /// Who proposed it (`key:<id>`, `steward` for remediation steps); nil on rows stored before it was kept.
    public var proposedBy: String?
    /// When it last changed.
    public var updatedAt: Timestamp
    /// Whether it ran (or was handed to its agent) with no person's approval: autopilot's runs,
    /// Steward's own steps, and requests that expired as approved. What governance counts as
    /// autonomous.
    public var ranWithoutPerson: Bool { approvals.isEmpty && execution != nil }

    /// When a pending approval expires.
    public var expiresAt: Timestamp?
    /// The key executors pass on as `Idempotency-Key`: persisted before the first call, so an
    /// action runs at most once per key across retries, restarts and replicas.
    public var idempotencyKey: String
    /// When the action's effect was rolled back, if it was.
    public var rolledBackAt: Timestamp?
    /// Why Steward withdrew it, if it did (status `withdrawn`).
    public var withdrawal: ActionWithdrawal?
    /// The action whose intent this one re-runs (`POST /v1/actions/{id}/rerun`), if it does.
    public var rerunOf: String?

    /// Creates a record.
    public init(
        proposal: ActionProposal, status: ActionStatus, decision: GateDecision, approvals: [Approval] = [],
        editedParams: JSONValue? = nil, rejection: Rejection? = nil, execution: ExecutionRecord? = nil,
        outcomes: [OutcomeEntry] = [], predictedSuccess: Double, chargedUsd: Double = 0, createdAt: Timestamp,
        updatedAt: Timestamp, expiresAt: Timestamp? = nil, idempotencyKey: String
    ) {
        self.proposal = proposal
        self.status = status
        self.decision = decision
        self.approvals = approvals
        self.editedParams = editedParams
        self.rejection = rejection
        self.execution = execution
        self.outcomes = outcomes
        self.predictedSuccess = predictedSuccess
        self.chargedUsd = chargedUsd
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.idempotencyKey = idempotencyKey
    }

    /// The parameters the executor receives: the edited ones if a person edited them.
    public var effectiveParams: JSONValue { editedParams ?? proposal.params }
}

/// Where an action stands.
public enum ActionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a person (assist and approve modes, policy, risk).
    case pendingApproval = "pending_approval"
    /// Re-queued by the cost gate until `decision.deferUntil`.
    case deferred
    /// Refused by the gate.
    case blocked
    /// Rejected by a person, or expired as rejected.
    case rejected
    /// Running now; the idempotency key is persisted before the executor is called.
    case executing
    /// Handed to the agent (`record` executor), which reports the outcome.
    case dispatched
    /// Executed successfully.
    case succeeded
    /// Execution failed.
    case failed
    /// Withdrawn by Steward before anyone carried it out: the remediation step, refresh request
    /// or allocation it stood for is no longer wanted. Reports for it are refused.
    case withdrawn

    /// Whether nothing more will happen to it (later outcome labels may still arrive).
    public var isFinal: Bool { self == .blocked || self == .rejected || self == .succeeded || self == .failed || self == .withdrawn }

    /// Whether it still waits for something (a person, time, an executor, an agent).
    public var isOpen: Bool { self == .pendingApproval || self == .deferred || self == .executing || self == .dispatched }
}

/// One person's approval.
public struct Approval: Sendable, Hashable, Codable {
    /// The approver (the API key's principal).
    public var by: String
    /// When.
    public var at: Timestamp
    /// Whether their approval changed the params (params equal as JSON values, `5.0` for `5`, are no edit).
    public var edited: Bool
    /// Their note.
    public var note: String?

    /// Creates an approval.
    public init(by: String, at: Timestamp, edited: Bool = false, note: String? = nil) {
        self.by = by
        self.at = at
        self.edited = edited
        self.note = note
    }
}

/// A rejection by a person or by expiry.
public struct Rejection: Sendable, Hashable, Codable {
    /// Who rejected it (`steward:expiry` when it expired).
    public var by: String
    /// When.
    public var at: Timestamp
    /// Why.
    public var reason: String

    /// Creates a rejection.
    public init(by: String, at: Timestamp, reason: String) {
        self.by = by
        self.at = at
        self.reason = reason
    }
}

/// What happened when it ran.
public struct ExecutionRecord: Sendable, Hashable, Codable {
    /// The executor kind (`http`, `command`, `builtin`, `record`).
    public var executor: String
    /// When it started.
    public var startedAt: Timestamp
    /// When it finished, if it did.
    public var finishedAt: Timestamp?
    /// Attempts made.
    public var attempts: Int
    /// Whether it succeeded, once finished.
    public var succeeded: Bool?
    /// What happened, in a sentence.
    public var detail: String?
    /// What the agent or program answered, if it was JSON.
    public var response: JSONValue?
    /// The agent's HTTP status or the program's exit status of the last attempt, if there was one.
    public var status: Int?
    /// The wall time of the execution, every attempt and backoff included, in milliseconds.
    public var durationMs: Int64?
    /// True when its result was never recorded (Steward stopped while it ran): marked failed, but
    /// whether it took effect is unknown, so it neither trips breakers nor teaches the learner.
    public var interrupted: Bool?

    /// Creates an execution record.
    public init(
        executor: String, startedAt: Timestamp, finishedAt: Timestamp? = nil, attempts: Int = 0, succeeded: Bool? = nil,
        detail: String? = nil, response: JSONValue? = nil
    ) {
        self.executor = executor
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.attempts = attempts
        self.succeeded = succeeded
        self.detail = detail
        self.response = response
    }
}

/// One outcome label with its context.
public struct OutcomeEntry: Sendable, Hashable, Codable {
    /// The label.
    public var label: OutcomeLabel
    /// When it was recorded.
    public var at: Timestamp
    /// Who recorded it.
    public var by: String
    /// A note.
    public var detail: String?

    /// Creates an outcome entry.
    public init(label: OutcomeLabel, at: Timestamp, by: String, detail: String? = nil) {
        self.label = label
        self.at = at
        self.by = by
        self.detail = detail
    }
}
