/// The one naming rule of the API for agents, accounts and sources: what `POST /v1/actions`
/// accepts is what every other route accepts, so a name that gets in can be used everywhere
/// (in a path, a query, a filter) without escaping surprises.
public enum APIName {
    /// Whether `s` is 1 to 128 ASCII letters, digits, `.`, `_`, `-`, `:` or `@`.
    public static func isValid(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 128
            && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_:@".unicodeScalars.contains($0)) }
    }

    /// What a refusal says of a name that breaks the rule.
    public static let rule = "must be 1 to 128 letters, digits, '.', '_', '-', ':' or '@'"
}
