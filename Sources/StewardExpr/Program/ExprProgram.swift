/// A compiled expression: parse, check and compile once, then evaluate many times, from any
/// thread (it is immutable and `Sendable`). Compiling reports every problem it can find, each
/// with line, column and a caret excerpt.
///
/// ```swift
/// var env = ExprEnvironment()
/// env.declare("errorRate", .double)
/// let rule = try ExprProgram("errorRate > 0.05", environment: env, expecting: .bool)
/// var input = ExprActivation(env)
/// input.set("errorRate", 0.07)
/// let tripped = try rule.evaluateCondition(input)   // true
/// ```
public struct ExprProgram: Sendable {
    /// How strictly the checker treats types.
    public enum Checking: Sendable {
        /// CEL's type checker: operand types must fit an overload, conditions must be bool, ...
        case strict
        /// Names are still resolved, but type mismatches are left to run time (CEL's `disable_check`).
        case permissive
    }

    /// Everything a program holds, behind one reference: copying a program (say, iterating an
    /// array of rules) then costs one retain instead of one per field.
    private final class Core: Sendable {
        let source: String
        let resultType: ExprType
        let environment: ExprEnvironment
        let root: Evaluator
        let text: SourceText
        let localCount: Int
        let variableCount: Int
        let maxIterations: Int

        init(source: String, resultType: ExprType, environment: ExprEnvironment, root: @escaping Evaluator, text: SourceText, localCount: Int) {
            self.source = source
            self.resultType = resultType
            self.environment = environment
            self.root = root
            self.text = text
            self.localCount = localCount
            variableCount = environment.variables.count
            maxIterations = environment.limits.maxIterations
        }
    }

    private let core: Core

    /// The source text as given.
    public var source: String { core.source }
    /// The static type of the result (`dyn` when only run time can tell).
    public var resultType: ExprType { core.resultType }
    /// The environment the program was checked against; activations must come from it.
    public var environment: ExprEnvironment { core.environment }

    /// Parses, checks and compiles `source`. With `expecting`, the result type must fit it (a
    /// condition site passes `.bool`). Throws every problem found, in source order.
    public init(_ source: String, environment: ExprEnvironment, expecting: ExprType? = nil,
                checking: Checking = .strict) throws(ExprErrors) {
        let text = SourceText(source)
        let limits = environment.limits
        func fail(_ problems: [(offset: Int, error: ExprError)]) -> ExprErrors {
            ExprErrors(problems.sorted { $0.offset < $1.offset }.map { $0.error.located(at: $0.offset, in: text) })
        }
        guard text.scalars.count <= limits.maxSourceLength else {
            throw fail([(limits.maxSourceLength, ExprError(code: .tooComplex, message: "expression is \(text.scalars.count) code points long",
                                                            expected: "at most \(limits.maxSourceLength)"))])
        }
        var lexer = Lexer(text)
        lexer.run()
        var problems = lexer.errors
        var parser = Parser(tokens: lexer.tokens, maxDepth: limits.maxNestingDepth)
        var tree: Node?
        do throws(Parser.Failure) { tree = try parser.parseAll() } catch { problems.append((error.offset, error.error)) }
        guard let tree, problems.isEmpty else { throw fail(problems) }

        var checker = Checker(environment: environment, mode: checking == .strict ? .strict : .permissive)
        let checked = checker.check(tree)
        problems = checker.errors
        if let expecting, checking == .strict {
            var bindings = TypeBindings()
            if !bindings.accepts(expecting, checked.type) {
                problems.append((tree.offset, ExprError(code: .wrongResultType, message: "expression has type \(checked.type)",
                                                        expected: "an expression of type \(expecting)")))
            }
        }
        guard problems.isEmpty else { throw fail(problems) }

        var compiler = Compiler(limits: limits, variableNames: environment.variables.map(\.name), localCount: checker.localCount)
        let program = compiler.compile(checked)
        guard compiler.errors.isEmpty else { throw fail(compiler.errors) }

        core = Core(source: source, resultType: checked.type, environment: environment, root: program.run, text: text,
                    localCount: checker.localCount)
    }

    /// Evaluates with the given variable values; the error, if any, is located in the source.
    public func evaluate(_ activation: ExprActivation) throws(ExprError) -> ExprValue {
        let core = self.core
        guard activation.values.count >= core.variableCount else {
            throw ExprError(code: .invalidArgument, message: "activation has \(activation.values.count) slots, the program's environment \(core.variableCount)",
                            expected: "an activation built from the program's environment").located(at: 0, in: core.text)
        }
        var frame = Frame(variables: activation.values, localCount: core.localCount, maxIterations: core.maxIterations)
        do throws(Fault) { return try core.root(&frame) } catch { throw error.error.located(at: max(error.offset, 0), in: core.text) }
    }

    /// Evaluates with values given by name (undeclared names are ignored). Convenient; slower than
    /// reusing an ``ExprActivation``.
    public func evaluate(_ values: [String: ExprValue]) throws(ExprError) -> ExprValue {
        try evaluate(ExprActivation(environment, values: values))
    }

    /// Evaluates a condition: the result must be a bool.
    public func evaluateCondition(_ activation: ExprActivation) throws(ExprError) -> Bool {
        let value = try evaluate(activation)
        guard case .bool(let b) = value else {
            throw ExprError(code: .wrongResultType, message: "condition evaluated to a \(value.typeName), not a bool",
                            expected: "a bool").located(at: 0, in: core.text)
        }
        return b
    }
}
