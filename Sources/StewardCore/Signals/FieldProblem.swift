/// One offending field of a request, as the API reports it in a problem document.
public struct FieldProblem: Error, Sendable, Hashable, Codable {
    /// The field, as the request names it (`metrics.alignment`, `[3].ts`).
    public var field: String
    /// Why it is wrong.
    public var reason: String

    /// Creates a field problem.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// The same problem, inside element `index` of a batch.
    public func inElement(_ index: Int) -> FieldProblem {
        FieldProblem(field: field.isEmpty ? "[\(index)]" : "[\(index)].\(field)", reason: reason)
    }
}
