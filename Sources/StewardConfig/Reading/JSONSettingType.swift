import StewardCore
import Yams

extension SettingType where Value == JSONValue {
    /// Any YAML value as JSON (step arguments): plain scalars read as null, booleans and numbers
    /// where they look like them, quoted ones always as strings.
    static var json: Self {
        SettingType(
            expected: "a value",
            readNode: { node in node.node.map(jsonValue) },
            readText: { .success(.string($0)) })
    }

    private static func jsonValue(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { return .string(scalar.string) }
            if node.isNull { return .null }
            let text = scalar.string
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            if let i = Int64(text) { return .int(i) }
            if let d = Double(text), d.isFinite { return .double(d) }
            return .string(text)
        case .sequence(let sequence):
            return .array(sequence.map(jsonValue))
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping { members[key.scalar?.string ?? ""] = jsonValue(value) }
            return .object(members)
        case .alias:
            return .null
        }
    }
}
