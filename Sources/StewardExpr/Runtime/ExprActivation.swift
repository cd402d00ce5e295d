/// The values of one evaluation's variables, stored by the slots an ``ExprEnvironment`` assigned.
/// Build one per request (or reuse and overwrite it); programs read it without any name lookup.
public struct ExprActivation: Sendable {
    var values: ContiguousArray<ExprValue?>
    private let environment: ExprEnvironment

    /// An activation with every variable of the environment unset.
    public init(_ environment: ExprEnvironment) {
        self.environment = environment
        values = ContiguousArray(repeating: nil, count: environment.variables.count)
    }

    /// An activation with the named values set; names the environment does not declare are ignored,
    /// since requests often carry more than a rule site reads.
    public init(_ environment: ExprEnvironment, values named: [String: ExprValue]) {
        self.init(environment)
        for (name, value) in named { set(name, value) }
    }

    /// The value in a slot (nil when unset). Slots come from ``ExprEnvironment/slot(of:)``.
    public subscript(slot: Int) -> ExprValue? {
        get { values.indices.contains(slot) ? values[slot] : nil }
        set { if values.indices.contains(slot) { values[slot] = newValue } }
    }

    /// Sets a variable by name; returns false when the environment does not declare it.
    @discardableResult
    public mutating func set(_ name: String, _ value: ExprValue?) -> Bool {
        guard let slot = environment.slot(of: name) else { return false }
        values[slot] = value
        return true
    }
}
