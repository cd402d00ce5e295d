import StewardCore
import StewardExpr
import Yams

/// Reads typed values out of a scenario's YAML nodes, collecting every problem with its location.
struct ScenarioReader {
    /// One key of a mapping.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    let file: String
    private var found: [(line: Int, column: Int, text: String)] = []

    init(file: String) { self.file = file }

    /// Every problem, in file order (the order they were found within one place).
    var problems: [String] {
        found.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element.text)
    }

    /// Records `reason` against `field`, at `node`'s position (0:0 when there is none).
    mutating func report(_ node: Node?, _ field: String, _ reason: String) {
        let line = node?.mark?.line ?? 0, column = node?.mark?.column ?? 0
        found.append((line, column, "\(file):\(line):\(column): \(field.isEmpty ? "(document)" : field): \(reason)"))
    }

    /// `; did you mean 'X'?` for a name close to one of `known`, else `; expected one of …`.
    static func choices(for name: String, among known: [String]) -> String {
        if let close = Suggestion.closest(to: name, among: known) { return "; did you mean '\(close)'?" }
        return "; expected one of \(known.joined(separator: ", "))"
    }

    /// The mapping's entries; a key outside `known` or a node that is no mapping is reported.
    mutating func entries(_ node: Node, field: String, known: [String]) -> [Entry] {
        guard let mapping = node.mapping else {
            report(node, field, "expected a mapping, got \(Self.summary(node))")
            return []
        }
        var entries: [Entry] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(key, field, "keys must be plain names")
                continue
            }
            let path = field.isEmpty ? name : "\(field).\(name)"
            guard known.contains(name) else {
                report(key, path, "unknown key '\(name)'" + Self.choices(for: name, among: known))
                continue
            }
            entries.append(Entry(key: name, keyNode: key, value: value))
        }
        return entries
    }

    /// A number within `range`.
    mutating func double(_ node: Node, field: String, in range: ClosedRange<Double>) -> Double? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let value = Double(scalar.string),
            value.isFinite
        else {
            report(node, field, "expected a number, got \(Self.summary(node))")
            return nil
        }
        guard range.contains(value) else {
            // `1...100000`, not `1.0...100000.0`, for a range of whole numbers.
            report(node, field, "\(scalar.string) is out of range \(PlainNumber.format(range.lowerBound))...\(PlainNumber.format(range.upperBound))")
            return nil
        }
        return value
    }

    /// A whole number within `range`.
    mutating func int(_ node: Node, field: String, in range: ClosedRange<Int>) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any, let value = Int(scalar.string) else {
            report(node, field, "expected a whole number, got \(Self.summary(node))")
            return nil
        }
        guard range.contains(value) else {
            report(node, field, "\(value) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    /// A non-empty string.
    mutating func string(_ node: Node, field: String) -> String? {
        guard let text = node.scalar?.string, !text.isEmpty else {
            report(node, field, "expected a non-empty string, got \(Self.summary(node))")
            return nil
        }
        return text
    }

    /// A list of non-empty strings, each with its node.
    mutating func strings(_ node: Node, field: String) -> [(text: String, node: Node)]? {
        guard let sequence = node.sequence else {
            report(node, field, "expected a list, got \(Self.summary(node))")
            return nil
        }
        var items: [(text: String, node: Node)] = []
        for (index, item) in sequence.enumerated() {
            if let text = string(item, field: "\(field)[\(index)]") { items.append((text, item)) }
        }
        return items
    }

    /// How a node is named in messages.
    static func summary(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// A YAML syntax error as a located problem.
    mutating func syntax(_ error: any Error) {
        guard let yaml = error as? YamlError else {
            found.append((0, 0, "\(file):0:0: (document): invalid YAML: \(error)"))
            return
        }
        switch yaml {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            found.append((mark.line, mark.column, "\(file):\(mark.line):\(mark.column): (document): invalid YAML: \(problem)"))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let mark = context.mark
            // Yams marks the key's first occurrence: say so, as the repeat is the one to remove.
            found.append((
                mark.line, mark.column,
                "\(file):\(mark.line):\(mark.column): \(duplicates.joined(separator: ", ")): duplicate key, written here first and again later in the same mapping; each key may appear once"))
        default:
            found.append((0, 0, "\(file):0:0: (document): invalid YAML: \(yaml)"))
        }
    }
}
