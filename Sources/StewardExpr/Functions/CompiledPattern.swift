/// A compiled regular expression that programs share across threads.
///
/// `Regex<AnyRegexOutput>` is not `Sendable` because its output type is not, and it lowers its
/// program lazily on first use. The box runs one match on creation, so the lazy state is settled
/// before the box is shared; after that the regex is only read, which is why `@unchecked` is sound.
final class CompiledPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    init(_ regex: Regex<AnyRegexOutput>) {
        self.regex = regex
        _ = "".contains(regex)
    }
}
