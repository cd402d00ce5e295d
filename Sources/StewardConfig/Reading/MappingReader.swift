import StewardExpr
import StewardCore
import Yams

/// Reads the keys of one mapping. The keys a section asks for are the keys it knows, so an
/// unknown key is reported with the closest known one, and no list of keys is kept twice.
final class MappingReader {
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    /// The mapping itself.
    let node: ConfigNode
    private let entries: [Entry]
    private var known: [String] = []

    init(node: ConfigNode, entries: [Entry]) {
        self.node = node
        self.entries = entries
    }

    var context: ReadContext { node.context }

    /// The mapping's keys, in file order (for mappings whose keys are names, such as roles).
    var keys: [String] { entries.map(\.key) }

    /// The member `key`, absent if the mapping does not have it.
    func child(_ key: String) -> ConfigNode {
        if !known.contains(key) { known.append(key) }
        return ConfigNode(entries.first { $0.key == key }?.value, path: node.path(key), context: context)
    }

    /// Reads a key the file may leave out into `value`: the file's value replaces the default, and the
    /// environment variable, when set, replaces both. Records where the result came from.
    func read<Value>(
        _ key: String, into value: inout Value, as type: SettingType<Value>, environment variable: String? = nil
    ) {
        let member = child(key)
        var origin = SettingOrigin.default
        if let node = member.node, let parsed = type.read(member) {
            value = parsed
            origin = context.locate(node, at: member.path)
        }
        if let variable, let overridden = context.override(&value, at: member.path, with: variable, as: type) {
            origin = overridden
        }
        context.record(member.path, origin: origin)
    }

    /// Reads a key into an optional setting; absence (or `key: null`) keeps the default.
    func read<Value>(
        _ key: String, into value: inout Value?, as type: SettingType<Value>, environment variable: String? = nil
    ) {
        var wrapped = value
        read(key, into: &wrapped, as: type.optional, environment: variable)
        value = wrapped
    }

    /// Reads a key the mapping must have; reports it missing and returns nil otherwise.
    func require<Value>(_ key: String, as type: SettingType<Value>) -> Value? {
        let member = child(key)
        guard let written = member.node else {
            node.report("missing required key '\(key)' (\(type.expected))")
            return nil
        }
        guard let parsed = type.read(member) else { return nil }
        context.record(member.path, origin: context.locate(written, at: member.path))
        return parsed
    }

    /// Reads the key that names an element of a list (`name`, `id`), which the mapping must have,
    /// and notes the name for the checks of unique names and references.
    func name(_ key: String = "name", as type: SettingType<String> = .name) -> String? {
        let name = require(key, as: type)
        if let name { context.name(name, ofElement: node.path) }
        return name
    }

    /// Keys that mean the same in another section: breaker rules say `condition`, policy and
    /// classifier rules `when`; written in the wrong one, the other is suggested.
    static let sameMeaning = ["condition": "when", "when": "condition"]

    /// Whether the mapping takes `x-` keys as holders of YAML anchors, ignored (the document's top).
    var ignoresExtensionKeys = false

    /// Reports every key nobody asked for, suggesting the closest known key.
    func reportUnknownKeys() {
        for entry in entries where !known.contains(entry.key) {
            if ignoresExtensionKeys && entry.key.hasPrefix("x-") { continue }
            var message = "unknown key '\(entry.key)'"
            if let suggestion = Suggestion.closest(to: entry.key, among: known) ?? Self.sameMeaning[entry.key].flatMap({ known.contains($0) ? $0 : nil }) {
                message += "; did you mean '\(suggestion)'?"
            } else if !known.isEmpty {
                message += "; expected one of \(known.map { "'\($0)'" }.joined(separator: ", "))"
            }
            context.report(message, at: node.path(entry.key), node: entry.keyNode)
        }
    }
}
