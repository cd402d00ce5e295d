/// The mutable state of one evaluation: the activation's variables, comprehension locals, and
/// the cost spent so far against the limits.
struct Frame {
    let variables: ContiguousArray<ExprValue?>
    var locals: ContiguousArray<ExprValue>
    var iterations = 0
    let maxIterations: Int

    init(variables: ContiguousArray<ExprValue?>, localCount: Int, maxIterations: Int) {
        self.variables = variables
        locals = localCount == 0 ? [] : ContiguousArray(repeating: .null, count: localCount)
        self.maxIterations = maxIterations
    }

    /// Counts one comprehension iteration against the budget.
    @inline(__always)
    mutating func spendIteration() throws(Fault) {
        iterations += 1
        if iterations > maxIterations {
            throw Fault(.limitExceeded, "comprehensions ran more than \(maxIterations) iterations in one evaluation",
                        expected: "smaller inputs or fewer nested all/exists/map/filter")
        }
    }
}

/// A compiled node: evaluates in a frame.
typealias Evaluator = @Sendable (inout Frame) throws(Fault) -> ExprValue
