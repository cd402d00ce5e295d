/// Why Steward withdrew an action it had handed out or queued: the step it stood for timed out,
/// its attempt or incident ended, or what it asked for was done another way.
public struct ActionWithdrawal: Sendable, Hashable, Codable {
    /// Who withdrew it (`steward`).
    public var by: String
    /// When.
    public var at: Timestamp
    /// Why, in words an agent's integrator can act on.
    public var reason: String
    /// The incident the action was a step of, if it was one.
    public var incident: String?

    /// Creates a withdrawal.
    public init(by: String, at: Timestamp, reason: String, incident: String?) {
        self.by = by
        self.at = at
        self.reason = reason
        self.incident = incident
    }
}

extension ActionRecord {
    /// Whether Steward may still take it back: nobody has carried it out or started to. An
    /// `executing` action is left to its executor, whose result settles it.
    public var isWithdrawable: Bool { [.dispatched, .deferred, .pendingApproval].contains(status) }

    /// The record withdrawn with `withdrawal`; nil when it is no longer withdrawable.
    public func withdrawn(_ withdrawal: ActionWithdrawal) -> ActionRecord? {
        guard isWithdrawable else { return nil }
        var next = self
        next.status = .withdrawn
        next.withdrawal = withdrawal
        next.updatedAt = withdrawal.at
        return next
    }
}
