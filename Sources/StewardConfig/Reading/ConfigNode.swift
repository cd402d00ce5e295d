import StewardExpr
import Yams

/// One node of steward.yaml at a known path, or the place where a node would be when the file
/// leaves it out. Readers treat an absent node as "keep the default, but still apply the
/// environment", so every setting is visited on every load.
struct ConfigNode {
    /// The node, or nil when the key is absent (or its value is an empty `key:`).
    let node: Node?
    /// Its path, e.g. `agents[2].dependencies`.
    let path: String
    let context: ReadContext

    init(_ node: Node?, path: String, context: ReadContext) {
        // `key:` with nothing after it, or `key: null`, reads as absent.
        if let node, node.isNull {
            self.node = nil
        } else {
            self.node = node
        }
        self.path = path
        self.context = context
        if let node = self.node { context.locate(node, at: path) }
    }

    /// Whether the file leaves this node out.
    var isAbsent: Bool { node == nil }

    /// Whether this node is a mapping that writes `key` (whatever its value is worth).
    func writes(_ key: String) -> Bool {
        guard case .mapping(let mapping)? = node else { return false }
        return mapping.keys.contains { $0.scalar?.string == key }
    }

    /// Whether the file writes `[]` here.
    var isEmptyList: Bool {
        if case .sequence(let sequence)? = node { return sequence.isEmpty }
        return false
    }

    /// The path of a member.
    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The path of a list element.
    func path(_ index: Int) -> String { "\(path)[\(index)]" }

    /// Parses and type-checks `source` as a condition over `environment`, as the engine will
    /// compile it, reporting each fault at this node as "SUBJECT: fault".
    func checkCondition(_ source: String, in environment: ExprEnvironment, as subject: String) {
        do throws(ExprErrors) {
            _ = try ExprProgram(source, environment: environment, expecting: .bool)
        } catch {
            for expr in error.errors { report("\(subject): \(expr.description)") }
        }
    }

    /// Reports a problem at this node (or, when absent, at its nearest written ancestor).
    func report(_ message: String) {
        if let node {
            context.report(message, at: path, node: node)
        } else {
            context.report(message, at: path, origin: context.origin(of: path))
        }
    }

    /// Reads a mapping: `body` asks for its keys, then any key it did not ask for is reported.
    ///
    /// An absent node or one of the wrong kind still runs `body`, with no keys, so the defaults
    /// and the environment variables of the section apply and are checked.
    func mapping(_ body: (MappingReader) -> Void) {
        var entries: [MappingReader.Entry] = []
        var merged: [Node.Mapping] = []
        switch node {
        case .mapping(let mapping)?:
            for (key, value) in mapping {
                guard let name = key.scalar?.string, !name.isEmpty else {
                    context.report("keys must be plain names, got \(key.summary)", at: path, node: key)
                    continue
                }
                if name == "<<" {
                    merged.append(contentsOf: mergeSources(value, key: key))
                } else {
                    entries.append(.init(key: name, keyNode: key, value: value))
                }
            }
            // `<<: *defaults` fills in the keys the mapping does not write itself (YAML merge keys).
            for source in merged {
                for (key, value) in source {
                    guard let name = key.scalar?.string, !entries.contains(where: { $0.key == name }) else { continue }
                    entries.append(.init(key: name, keyNode: key, value: value))
                }
            }
        case nil:
            break
        case let other?:
            report("expected a mapping of keys to values, got \(other.summary)")
        }
        let reader = MappingReader(node: self, entries: entries)
        body(reader)
        reader.reportUnknownKeys()
    }

    /// The mappings a merge key names: one alias, or a list of them (earlier ones win).
    private func mergeSources(_ value: Node, key: Node) -> [Node.Mapping] {
        switch value {
        case .mapping(let mapping): return [mapping]
        case .sequence(let sequence) where sequence.allSatisfy({ $0.mapping != nil }):
            return sequence.compactMap(\.mapping)
        default:
            let message = "a merge key '<<' takes a mapping or a list of mappings, got \(value.summary)"
            context.report(message, at: path, node: key)
            return []
        }
    }

    /// Reads a list element by element; nil when the node is absent or not a list (reported).
    func list<Element>(_ element: (ConfigNode) -> Element?) -> [Element]? {
        switch node {
        case nil:
            return nil
        case .sequence(let sequence)?:
            var kept: [(offset: Int, element: Element)] = []
            for (offset, item) in sequence.enumerated() {
                if let value = element(ConfigNode(item, path: path(offset), context: context)) {
                    kept.append((offset, value))
                }
            }
            context.keep(kept.map(\.offset), ofList: path)
            return kept.map(\.element)
        case let other?:
            report("expected a list, got \(other.summary)")
            return nil
        }
    }

    /// Reads the node as a value of `type`; nil when absent or invalid (reported).
    func value<Value>(_ type: SettingType<Value>) -> Value? {
        guard node != nil else { return nil }
        return type.read(self)
    }
}

extension Node {
    /// A plain `null`, `~` or empty scalar.
    var isNull: Bool {
        guard let scalar, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How a node is named in messages: `'high'`, `the string '8080'`, `a list`, `a mapping`.
    var summary: String {
        switch self {
        case .scalar(let scalar):
            if isNull { return "nothing (null)" }
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            return quoted ? "the string '\(scalar.string)'" : "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
