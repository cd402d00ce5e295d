/// The one naming rule of the API for agents, accounts and sources: what `POST /v1/actions`
/// accepts is what every other route accepts, so a name that gets in can be used everywhere
/// (in a path, a query, a filter) without escaping surprises.
public enum APIName {
    /// Whether `s` is 1 to 128 ASCII letters, digits, `.`, `_`, `-`, `:` or `@`, starting with a
    /// letter or digit (so no name is `.`, `..` or hidden, and every one can be declared in steward.yaml).
    public static func isValid(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, isAlphanumeric(first), s.utf8.count <= 128 else { return false }
        return s.unicodeScalars.allSatisfy { isAlphanumeric($0) || ".-_:@".unicodeScalars.contains($0) }
    }

    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    /// What a refusal says of a name that breaks the rule.
    public static let rule = "must be 1 to 128 letters, digits, '.', '_', '-', ':' or '@', starting with a letter or digit"
}
