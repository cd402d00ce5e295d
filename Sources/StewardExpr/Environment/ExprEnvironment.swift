/// The variables a rule site declares, each with a type and a slot. The checker resolves names
/// against it before anything runs, and the compiled program reads variables by slot, so
/// evaluation never looks a name up.
///
/// Names may contain dots (`action.type`): CEL's qualified-name rule lets a site declare a flat
/// field as its own variable, which is the fastest way to feed a record to many rules.
public struct ExprEnvironment: Sendable {
    /// One declared variable.
    public struct Variable: Sendable, Hashable {
        /// The name rules use, possibly dotted.
        public let name: String
        /// The declared type; `.dyn` or `.object` for open structures.
        public let type: ExprType
        /// The position of its value in an ``ExprActivation``.
        public let slot: Int
    }

    /// The declared variables, in slot order.
    public private(set) var variables: [Variable] = []
    private var slots: [String: Int] = [:]
    /// Bounds on compiling and evaluating expressions in this environment.
    public var limits: ExprLimits

    /// An environment with the given variables (a repeated name keeps its last type).
    public init(_ declarations: [(name: String, type: ExprType)] = [], limits: ExprLimits = .default) {
        self.limits = limits
        for (name, type) in declarations { declare(name, type) }
    }

    /// Declares a variable, or changes the type of one already declared; returns its slot.
    @discardableResult
    public mutating func declare(_ name: String, _ type: ExprType) -> Int {
        if let slot = slots[name] {
            variables[slot] = Variable(name: name, type: type, slot: slot)
            return slot
        }
        let slot = variables.count
        variables.append(Variable(name: name, type: type, slot: slot))
        slots[name] = slot
        return slot
    }

    /// The slot of a declared variable.
    public func slot(of name: String) -> Int? { slots[name] }

    /// The declaration of a variable.
    public func variable(named name: String) -> Variable? { slots[name].map { variables[$0] } }
}
