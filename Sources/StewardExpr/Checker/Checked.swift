/// The checked form of an expression: names resolved to slots, macros to comprehensions over
/// numbered locals, calls to builtins, and every node typed. The compiler works from this alone.
struct Checked: Sendable {
    let kind: CheckedKind
    let type: ExprType
    let offset: Int
}

indirect enum CheckedKind: Sendable {
    case constant(ExprValue)
    /// A declared variable, by activation slot.
    case variable(slot: Int)
    /// A comprehension variable, by local slot.
    case local(Int)
    case select(Checked, field: String)
    case presence(Checked, field: String)
    case index(Checked, Checked)
    case list([Checked])
    case map([(key: Checked, value: Checked)])
    case not(Checked)
    case negate(Checked)
    case and([Checked])
    case or([Checked])
    case conditional(Checked, Checked, Checked)
    case binary(BinaryOperator, Checked, Checked)
    /// A builtin function; for a method call the receiver is the first argument.
    case call(Builtin, [Checked])
    case comprehension(kind: MacroKind, range: Checked, local: Int, predicate: Checked?, transform: Checked?)
    /// Stands in for a node that failed to check, so checking can go on and report more.
    case invalid
}
