/// The actions Steward carries out on its own state (executor `builtin`).
public enum BuiltinAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Writes `params.text` into the ledger as an annotation on the action's account.
    case annotate
    /// Sets an account's autonomy mode: `params.mode`, for `params.account` or the action's account.
    case setAutonomyMode = "set_autonomy_mode"
}
