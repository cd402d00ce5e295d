/// A compiled regular expression that programs share across threads.
///
/// `Regex<AnyRegexOutput>` is not `Sendable` because its output type is not, and it lowers its
/// program lazily on first use. The box runs one match on creation, so the lazy state is settled
/// before the box is shared; after that the regex is only read, which is why `@unchecked` is sound.
final class CompiledPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    /// How many repetitions (`*`, `+`, `{2,}`...) the pattern holds: what its worst-case work grows with.
    let repetitions: Int

    init(_ regex: Regex<AnyRegexOutput>, repetitions: Int) {
        self.regex = regex
        self.repetitions = repetitions
        _ = "".contains(regex)
    }
}
