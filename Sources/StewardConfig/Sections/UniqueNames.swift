import StewardExpr
import StewardCore
/// The checks every named list shares: no name twice, and references that resolve.
enum UniqueNames {
    /// Reports each repeat of a name at the repeat, naming where it was first declared.
    ///
    /// - Parameters:
    ///   - names: the names in declaration order.
    ///   - kind: what they name, for the message ("source name").
    ///   - path: the path of the name at an index, e.g. `sources[3].name`.
    static func check(_ names: [String], kind: String, at path: (Int) -> String, in context: ReadContext) {
        var first: [String: Int] = [:]
        for (offset, name) in names.enumerated() {
            guard let earlier = first[name] else {
                first[name] = offset
                continue
            }
            context.report(
                "duplicate \(kind) '\(name)'; first declared at \(place(context.origin(of: path(earlier))))",
                at: path(offset), origin: context.origin(of: path(offset))
            )
        }
    }

    /// Reports each repeat of a name written in the list at `list`, counting the elements that
    /// were dropped for another fault, so that a repeat is not found only after that is fixed.
    ///
    /// - Parameters:
    ///   - list: the list's path, e.g. `policy.rules`.
    ///   - key: the key the names are written under.
    ///   - kind: what they name, for the message.
    static func check(writtenIn list: String, key: String = "name", kind: String, in context: ReadContext) {
        let written = context.writtenNames(ofList: list)
        check(written.map(\.name), kind: kind, at: { "\(list)[\(written[$0].offset)].\(key)" }, in: context)
    }

    /// Reports a reference to a name that is not declared, suggesting the closest declared one.
    ///
    /// - Returns: whether the reference resolves.
    @discardableResult
    static func resolve(
        _ name: String, among declared: [String], kind: String, at path: String, in context: ReadContext
    ) -> Bool {
        guard !declared.contains(name) else { return true }
        var message = "undeclared \(kind) '\(name)'"
        if let suggestion = Suggestion.closest(to: name, among: declared) {
            message += "; did you mean '\(suggestion)'?"
        } else if declared.isEmpty {
            message += "; none is declared"
        } else {
            var listed: Set<String> = []
            message += "; declared: \(declared.filter { listed.insert($0).inserted }.joined(separator: ", "))"
        }
        context.report(message, at: path, origin: context.origin(of: path))
        return false
    }

    /// `steward.yaml:3:9` rather than `file steward.yaml:3:9`, to read well inside a sentence.
    static func place(_ origin: SettingOrigin) -> String {
        if case .file(let location) = origin { return location.description }
        return origin.description
    }
}
