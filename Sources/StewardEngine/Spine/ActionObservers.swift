public import StewardCore
import Synchronization

/// Who wants to know when something committed: called after each commit, in the committing task.
public final class Observers<Event: Sendable>: Sendable {
    private let observers = Mutex<[@Sendable (Event) async -> Void]>([])

    /// No observers yet.
    public init() {}

    /// Adds an observer.
    public func add(_ observer: @escaping @Sendable (Event) async -> Void) {
        observers.withLock { $0.append(observer) }
    }

    func notify(_ event: Event) async {
        let current = observers.withLock { $0 }
        for observer in current { await observer(event) }
    }
}

/// A committed change of an action after its proposal (approved, rejected, expired, executed,
/// rolled back): the remediation loop continues a playbook when its step's action settles; the
/// breakers count executions and rollbacks.
public struct ActionChange: Sendable {
    /// The action as committed.
    public var record: ActionRecord
    /// The kinds of the ledger entries the change wrote.
    public var kinds: [String]
}

/// The observers of action changes.
public typealias ActionObservers = Observers<ActionChange>
