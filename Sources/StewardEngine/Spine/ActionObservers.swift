public import StewardCore
import Synchronization

/// Who wants to know when an action's state changed after its proposal (approved, rejected,
/// expired, executed): the remediation loop continues a playbook when its step's action settles.
public final class ActionObservers: Sendable {
    private let observers = Mutex<[@Sendable (ActionRecord) async -> Void]>([])

    /// No observers yet.
    public init() {}

    /// Adds an observer; it is called after each committed change, in the committing task.
    public func add(_ observer: @escaping @Sendable (ActionRecord) async -> Void) {
        observers.withLock { $0.append(observer) }
    }

    func notify(_ record: ActionRecord) async {
        let current = observers.withLock { $0 }
        for observer in current { await observer(record) }
    }
}
