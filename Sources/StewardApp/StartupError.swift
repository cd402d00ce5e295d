/// Why Steward refused to start: one clear line per problem, printed before anything listens.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    /// Every problem found.
    public let problems: [String]

    /// A start-up failure with one or more problems.
    public init(_ problems: [String]) { self.problems = problems }

    /// A start-up failure with one problem.
    public init(_ problem: String) { self.problems = [problem] }

    public var description: String { problems.joined(separator: "\n") }
}
