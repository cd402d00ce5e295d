/// What an operator asks for when creating an experiment, read from its JSON with every problem
/// named by field (`goals[1].metric`), before anything is stored.
public struct ExperimentDefinition: Sendable, Hashable {
    public var name: String
    public var skill: String
    public var control: String
    public var treatment: String
    public var trafficSplit: Double
    public var durationDays: Int
    public var minimumSample: Int
    public var significanceLevel: Double
    public var goals: [GoalMetric]
    public var guardrails: [Guardrail]

    /// A definition as given.
    public init(
        name: String, skill: String, control: String, treatment: String, trafficSplit: Double, durationDays: Int, minimumSample: Int,
        significanceLevel: Double, goals: [GoalMetric], guardrails: [Guardrail]
    ) {
        self.name = name
        self.skill = skill
        self.control = control
        self.treatment = treatment
        self.trafficSplit = trafficSplit
        self.durationDays = durationDays
        self.minimumSample = minimumSample
        self.significanceLevel = significanceLevel
        self.goals = goals
        self.guardrails = guardrails
    }

    /// The smallest `minimumSample`: seed 004's floor against wrong winners ("run sufficiently long, ≥100 samples").
    public static let sampleFloor = 100

    /// Every problem of a definition, each naming its field.
    public struct Problems: Error, Sendable, Hashable {
        public var problems: [FieldProblem]
    }

    /// Reads `body`; `strategies` lists the skill's configured strategies (empty: any name goes).
    public static func read(
        _ body: JSONValue, strategies: (String) -> [String] = { _ in [] }, defaultMinimumSample: Int = 100,
        defaultSignificanceLevel: Double = 0.05
    ) throws(Problems) -> ExperimentDefinition {
        var reader = FieldReader(body)
        let name = reader.text("name")
        let skill = reader.text("skill")
        let control = reader.text("control")
        let treatment = reader.text("treatment")
        let split = reader.number("trafficSplit", required: true)
        if let split, !(split > 0 && split < 1) { reader.problem("trafficSplit", "must be strictly between 0 and 1, got \(split)") }
        let days = reader.integer("durationDays", required: true, in: 1...365)
        let minimum = reader.integer(
            "minimumSample", in: Self.sampleFloor...1_000_000,
            because: "a verdict on fewer executions per arm picks wrong winners; seed 004 asks for at least \(Self.sampleFloor)")
            ?? defaultMinimumSample
        let alpha = reader.number("significanceLevel") ?? defaultSignificanceLevel
        if !(alpha > 0 && alpha < 0.5) { reader.problem("significanceLevel", "must be between 0 and 0.5 (exclusive), got \(alpha)") }
        if let control, let treatment, control == treatment { reader.problem("treatment", "must differ from control ('\(control)')") }
        if let skill {
            let known = strategies(skill)
            for (field, strategy) in [("control", control), ("treatment", treatment)] {
                if let strategy, !known.isEmpty, !known.contains(strategy) {
                    reader.problem(field, "'\(strategy)' is not a strategy of skill '\(skill)' (known: \(known.joined(separator: ", ")))")
                }
            }
        }
        let goals = reader.list("goals", required: true, Self.goal)
        if goals?.isEmpty == true { reader.problem("goals", "must name at least one goal metric") }
        let guardrails = reader.list("guardrails", required: false, Self.guardrail)
        reader.rejectUnknown()
        guard reader.problems.isEmpty, let name, let skill, let control, let treatment, let split, let days, let goals else {
            throw Problems(problems: reader.problems)
        }
        return ExperimentDefinition(
            name: name, skill: skill, control: control, treatment: treatment, trafficSplit: split, durationDays: days,
            minimumSample: minimum, significanceLevel: alpha, goals: goals, guardrails: guardrails ?? [])
    }

    private static func goal(_ item: JSONValue, at path: String) -> (GoalMetric?, [FieldProblem]) {
        var inner = FieldReader(item, path: path)
        let metric = inner.choice("metric", ExperimentMetric.self)
        let direction = inner.choice("direction", Direction.self)
        let minimum = inner.number("minimumImprovement") ?? 0
        if minimum < 0 { inner.problem("minimumImprovement", "must not be negative") }
        inner.rejectUnknown()
        guard inner.problems.isEmpty, let metric, let direction else { return (nil, inner.problems) }
        return (GoalMetric(metric: metric, direction: direction, minimumImprovement: minimum), [])
    }

    private static func guardrail(_ item: JSONValue, at path: String) -> (Guardrail?, [FieldProblem]) {
        var inner = FieldReader(item, path: path)
        let metric = inner.choice("metric", ExperimentMetric.self)
        let bound = inner.number("maxRegression", required: true)
        if let bound, bound < 0 { inner.problem("maxRegression", "must not be negative") }
        inner.rejectUnknown()
        guard inner.problems.isEmpty, let metric, let bound else { return (nil, inner.problems) }
        return (Guardrail(metric: metric, maxRegression: bound), [])
    }

    /// The experiment this definition starts at `now`.
    public func start(id: String, at now: Timestamp, by actor: String) -> Experiment {
        Experiment(
            id: id, name: name, skill: skill, control: control, treatment: treatment, trafficSplit: trafficSplit,
            durationDays: durationDays, minimumSample: minimumSample, significanceLevel: significanceLevel, goals: goals,
            guardrails: guardrails, status: .running, createdAt: now, createdBy: actor,
            endsAt: now.adding(milliseconds: Int64(durationDays) * Timestamp.millisecondsPerDay))
    }
}
