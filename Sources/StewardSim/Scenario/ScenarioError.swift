/// Why a scenario file was rejected: every problem found, each as `file:line:col: field: reason`.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var problems: [String]

    /// Creates an error.
    public init(problems: [String]) { self.problems = problems }

    /// The problems, one a line.
    public var description: String { problems.joined(separator: "\n") }
}
