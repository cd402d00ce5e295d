/// Bounds on what one expression may cost to compile and to evaluate. Exceeding one is an
/// ``ExprError`` with code `.tooComplex` (compile) or `.limitExceeded` (evaluation), never a hang.
public struct ExprLimits: Sendable, Hashable {
    /// Longest source text, in code points.
    public var maxSourceLength: Int = 16_384
    /// Deepest nesting of the syntax tree (parentheses, operands, calls, chains of binary operators).
    public var maxNestingDepth: Int = 100
    /// Comprehension iterations (all, exists, map, ...) in one evaluation, nested ones included.
    public var maxIterations: Int = 100_000
    /// Longest string or bytes value an evaluation may build, in UTF-8 bytes.
    public var maxStringBytes: Int = 1 << 20
    /// Longest list an evaluation may build.
    public var maxListLength: Int = 100_000
    /// Longest regular-expression pattern, in code points.
    public var maxPatternLength: Int = 1_000
    /// Longest string `matches` will search, in code points: the regex engine backtracks, so its
    /// input is bounded as well as its pattern.
    public var maxMatchInputLength: Int = 65_536
    /// The most work one `matches` may take, counted as n^(r+1) for an input of n code points and
    /// a pattern with r repetitions (`*`, `+`, `{2,}`...): the engine backtracks, so `.*a.*b.*c`
    /// on a few hundred characters could take seconds. Beyond it the call fails (fail closed).
    public var maxMatchWork: Double = 2e7

    /// The defaults described in docs/expressions.md.
    public static let `default` = ExprLimits()

    /// Limits with the defaults.
    public init() {}
}
