/// A store operation that failed, with what was being done and why.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for callers that react differently to each.
    public enum Code: String, Sendable {
        /// The database could not be reached or opened.
        case unavailable
        /// A precondition of the commit did not hold (someone else changed the row first).
        case conflict
        /// The idempotency key was already used with a different request.
        case idempotencyConflict
        /// A schema migration failed.
        case migration
        /// Data in the store is not what Steward wrote (e.g. unreadable payload).
        case corrupt
        /// The request itself was invalid for the store (e.g. a name too long).
        case invalid
    }

    /// The kind of failure.
    public let code: Code
    /// What was being done, e.g. "append to ledger of tenant default".
    public let operation: String
    /// The underlying reason.
    public let reason: String

    /// A store error.
    public init(_ code: Code, operation: String, reason: String) {
        self.code = code
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "\(operation): \(reason)" }
}
