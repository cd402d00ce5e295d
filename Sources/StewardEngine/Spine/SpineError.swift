public import StewardCore

/// Why the spine refused a request; the API turns each case into a problem document.
public enum SpineError: Error, Sendable, CustomStringConvertible {
    /// A field is missing or wrong.
    case invalid([FieldProblem])
    /// No such action for this tenant (another tenant's action is "not found" too).
    case notFound(String)
    /// The action is not in a state that allows this (already decided, expired, approved twice).
    case conflict(String)
    /// The store failed.
    case store(StoreError)

    /// One offending field.
    public typealias FieldProblem = StewardCore.FieldProblem

    public var description: String {
        switch self {
        case .invalid(let problems): problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
        case .notFound(let what): "\(what) not found"
        case .conflict(let why): why
        case .store(let error): error.description
        }
    }
}
