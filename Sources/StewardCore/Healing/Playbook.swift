/// A remediation playbook: the steps that heal one class of incident and the condition that says
/// they worked (seed 001 §5, seed 000 §7).
public struct Playbook: Sendable, Hashable, Codable {
    /// Its name (`RestartAndRetryTransient`).
    public var name: String
    /// The class of incident it heals.
    public var classification: Classification
    /// The steps, run in order; a step that fails ends the attempt.
    public var steps: [PlaybookStep]
    /// A CEL condition over the fresh signal and the steps' results (see ``VerificationFacts``).
    public var successCriteria: String
    /// Impact points a success is worth (its value gain in expected utility); nil: the agent's.
    public var impactPoints: Double?

    /// Creates a playbook.
    public init(name: String, classification: Classification, steps: [PlaybookStep], successCriteria: String, impactPoints: Double? = nil) {
        self.name = name
        self.classification = classification
        self.steps = steps
        self.successCriteria = successCriteria
        self.impactPoints = impactPoints
    }
}

/// One step of a playbook: a primitive and its arguments. An argument whose name ends in `Var`
/// names a value to read instead (`sourceVar: context.dependencies[0]` passes `source`).
public struct PlaybookStep: Sendable, Hashable, Codable {
    /// The primitive.
    public var primitive: Primitive
    /// Its arguments as written.
    public var args: [String: JSONValue]

    private enum CodingKeys: String, CodingKey { case primitive = "do", args }

    /// Creates a step.
    public init(_ primitive: Primitive, _ args: [String: JSONValue] = [:]) {
        self.primitive = primitive
        self.args = args
    }

    /// Whether one of its `...Var` arguments reads `path`.
    public func reads(_ path: String) -> Bool {
        args.contains { key, value in key.hasSuffix("Var") && value == .string(path) }
    }
}
