import StewardCore
import Yams

extension Scenario {
    /// `opening`: a list of `{atSeconds, agent, fault}` or `{atSeconds, agent, propose, count}`.
    /// Also returns every agent an event names, with its node, refused events' included.
    static func readOpening(
        _ node: Node, reader: inout ScenarioReader
    ) -> (events: [(event: ScriptedEvent, node: Node, index: Int)], agents: [(agent: String, node: Node, index: Int)]) {
        guard let sequence = node.sequence else {
            reader.report(node, "opening", "expected a list of events, got \(ScenarioReader.summary(node))")
            return ([], [])
        }
        let types = ActionType.seedTypes.map(\.name)
        var events: [(event: ScriptedEvent, node: Node, index: Int)] = []
        var agents: [(agent: String, node: Node, index: Int)] = []
        for (index, item) in sequence.enumerated() {
            let path = "opening[\(index)]"
            var at: Double?, agent: String?, fault: FaultKind?, type: String?, count = 1
            for entry in reader.entries(item, field: path, known: ["atSeconds", "agent", "fault", "propose", "count"]) {
                let field = "\(path).\(entry.key)"
                switch entry.key {
                case "atSeconds": at = reader.double(entry.value, field: field, in: 0...31_622_400)
                case "agent":
                    agent = reader.string(entry.value, field: field)
                    if let agent { agents.append((agent, entry.value, index)) }
                case "fault":
                    guard let text = reader.string(entry.value, field: field) else { continue }
                    fault = FaultKind(rawValue: text)
                    if fault == nil {
                        reader.report(entry.value, field, "unknown fault '\(text)'" + ScenarioReader.choices(for: text, among: FaultKind.allCases.map(\.rawValue)))
                    }
                case "propose":
                    guard let text = reader.string(entry.value, field: field) else { continue }
                    if types.contains(text) { type = text } else {
                        reader.report(entry.value, field, "unknown action type '\(text)'" + ScenarioReader.choices(for: text, among: types))
                    }
                default: count = reader.int(entry.value, field: field, in: 1...100) ?? count
                }
            }
            guard let mapping = item.mapping else { continue }
            if mapping["atSeconds"] == nil { reader.report(item, "\(path).atSeconds", "every event needs a time") }
            if mapping["agent"] == nil { reader.report(item, "\(path).agent", "every event needs an agent") }
            if (mapping["fault"] == nil) == (mapping["propose"] == nil) {
                reader.report(item, path, "give either fault or propose, not both or neither")
            }
            guard let at, let agent else { continue }
            if let fault {
                events.append((ScriptedEvent(atSeconds: at, agent: agent, action: .fault(fault)), item, index))
            } else if let type {
                events.append((ScriptedEvent(atSeconds: at, agent: agent, action: .proposals(type: type, count: count)), item, index))
            }
        }
        return (events, agents)
    }
}
