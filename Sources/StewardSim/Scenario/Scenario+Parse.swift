import StewardCore
import StewardExpr
import Yams

extension Scenario {
    /// The top-level keys a scenario file may write.
    static let topLevelKeys = [
        "name", "signalIntervalSeconds", "proposalsPerAgentPerHour", "highRiskProposalShare", "actionFailureRate",
        "faultyActionFailureRate", "manualFixMinutes", "sourceRefreshFactor", "directiveSlotMinutes", "degradedWorkShare", "sources",
        "agents", "generatedAgents", "faults", "opening",
    ]

    /// Parses a scenario file; every problem is reported at once, as `file:line:col: field: reason`.
    /// `slots`, when given, is the engine's `remediation.concurrency` range and where it was set:
    /// an agent declaring slots outside it is reported with the file's other problems.
    public static func parse(yaml: String, file: String, slots: (range: ClosedRange<Int>, setting: String)? = nil) throws(ScenarioError) -> Scenario {
        var reader = ScenarioReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            reader.syntax(error)
            throw ScenarioError(problems: reader.problems)
        }
        guard let root else {
            throw ScenarioError(problems: ["\(file):1:1: (document): the file is empty; write {} for the seed fleet with every default"])
        }
        var scenario = Scenario(name: defaultName(file: file))
        var ownAgents: [(spec: SimAgentSpec, node: Node)]?
        var written: [WrittenAgent] = []
        var generated = 0, generatedNode = root, agentsListed = 0
        var opening: [(event: ScriptedEvent, node: Node, index: Int)] = []
        var references: [(agent: String, node: Node, index: Int)] = []
        for entry in reader.entries(root, field: "", known: topLevelKeys) {
            let value = entry.value, field = entry.key
            switch field {
            case "name": scenario.name = reader.string(value, field: field) ?? scenario.name
            case "signalIntervalSeconds":
                scenario.signalIntervalSeconds = reader.int(value, field: field, in: 1...86_400) ?? scenario.signalIntervalSeconds
            case "proposalsPerAgentPerHour":
                scenario.proposalsPerAgentPerHour = reader.double(value, field: field, in: 0...3600) ?? scenario.proposalsPerAgentPerHour
            case "highRiskProposalShare":
                scenario.highRiskProposalShare = reader.double(value, field: field, in: 0...1) ?? scenario.highRiskProposalShare
            case "actionFailureRate": scenario.actionFailureRate = reader.double(value, field: field, in: 0...1) ?? scenario.actionFailureRate
            case "faultyActionFailureRate":
                scenario.faultyActionFailureRate = reader.double(value, field: field, in: 0...1) ?? scenario.faultyActionFailureRate
            case "manualFixMinutes": scenario.manualFixMinutes = reader.double(value, field: field, in: 1...100_000) ?? scenario.manualFixMinutes
            case "sourceRefreshFactor":
                scenario.sourceRefreshFactor = reader.double(value, field: field, in: 1...1000) ?? scenario.sourceRefreshFactor
            case "directiveSlotMinutes":
                scenario.directiveSlotMinutes = reader.double(value, field: field, in: 1...100_000) ?? scenario.directiveSlotMinutes
            case "degradedWorkShare": scenario.degradedWorkShare = reader.double(value, field: field, in: 0...1) ?? scenario.degradedWorkShare
            case "sources": scenario.sources = readSources(value, reader: &reader) ?? scenario.sources
            case "agents":
                let read = readAgents(value, reader: &reader)
                (ownAgents, written) = (read?.agents, read?.written ?? [])
                agentsListed = value.sequence?.count ?? 0
            case "opening": (opening, references) = readOpening(value, reader: &reader)
            case "generatedAgents":
                generated = reader.int(value, field: field, in: 0...100_000) ?? 0
                generatedNode = value
            default: scenario.faults = readFaults(value, reader: &reader)
            }
        }
        // Agents the file did not list read only the sources it declares.
        let listed = ownAgents ?? seedFleet(reading: scenario.sources).map { (spec: $0, node: root) }
        let agents = listed + generatedAgents(generated, sources: scenario.sources).map { (spec: $0, node: generatedNode) }
        // Agents listed but each refused have their own errors; "empty" is only for a fleet nobody listed.
        if agents.isEmpty, agentsListed == 0 {
            reader.report(root, "agents", "the fleet is empty: list at least one agent, or set generatedAgents")
        }
        // References are checked on everything the file wrote, also entries refused for another
        // fault, so that every problem shows in one run.
        let generatedNames = agents.dropFirst(listed.count).map(\.spec.name)
        check(written, generated: generatedNames, generatedNode: generatedNode, sources: scenario.sources, reader: &reader)
        let names = Set(written.compactMap(\.name?.text)).union(ownAgents == nil ? listed.map(\.spec.name) : []).union(generatedNames)
        for reference in references where !names.contains(reference.agent) {
            reader.report(
                reference.node, "opening[\(reference.index)].agent",
                "no agent named '\(reference.agent)' in the fleet" + Suggestion.hint(for: reference.agent, among: names))
        }
        // The engine would cut them down on its first round: say so now instead of running a fleet
        // slower than the file says.
        if let slots {
            for (offset, agent) in agents.enumerated() where !slots.range.contains(agent.spec.slots) {
                reader.report(
                    agent.node, ownAgents != nil && offset < listed.count ? "agents[\(offset)].slots" : "generatedAgents",
                    "agent '\(agent.spec.name)' declares \(agent.spec.slots) slots, outside the engine's remediation.concurrency, "
                        + "\(slots.range.lowerBound) to \(slots.range.upperBound) \(slots.setting); change slots, or remediation.concurrency in a --config file")
            }
        }
        // A scripted fault that could never strike its agent would be dropped without a word.
        let fleet = Dictionary(agents.map { ($0.spec.name, $0.spec) }) { first, _ in first }
        for entry in opening {
            guard case .fault(let kind) = entry.event.action, let agent = fleet[entry.event.agent] else { continue }
            if [.staleInput, .missingInput].contains(kind), agent.dependencies.isEmpty {
                reader.report(
                    entry.node, "opening[\(entry.index)].fault",
                    "agent '\(agent.name)' depends on no source (its dependencies are empty), so it cannot have \(kind.rawValue)")
            } else if kind == .directiveConflict, agents.count < 2 {
                reader.report(entry.node, "opening[\(entry.index)].fault", "a directive_conflict needs a second agent to conflict with")
            }
        }
        scenario.opening = opening.map(\.event)
        scenario.agents = agents.map(\.spec)
        guard reader.problems.isEmpty else { throw ScenarioError(problems: reader.problems) }
        return scenario
    }

    /// The file's base name without its extension.
    static func defaultName(file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return base.split(separator: ".").first.map(String.init) ?? base
    }

    /// `sources`: names of seed sources, each once.
    static func readSources(_ node: Node, reader: inout ScenarioReader) -> [String]? {
        guard let items = reader.strings(node, field: "sources") else { return nil }
        var names: [String] = []
        for (index, item) in items.enumerated() {
            if !seedSourceNames.contains(item.text) {
                reader.report(item.node, "sources[\(index)]", "unknown source '\(item.text)'" + ScenarioReader.choices(for: item.text, among: seedSourceNames))
            } else if names.contains(item.text) {
                reader.report(item.node, "sources[\(index)]", "'\(item.text)' is listed twice")
            } else {
                names.append(item.text)
            }
        }
        return names
    }

    /// What an `agents` entry wrote of its name and dependencies, kept even when the entry is
    /// refused for another fault, so that its references are still checked.
    struct WrittenAgent {
        let index: Int
        let name: (text: String, node: Node)?
        let dependencies: [(text: String, node: Node)]
    }

    /// `agents`: a list of `{name, domain, dependencies, slots}`.
    static func readAgents(_ node: Node, reader: inout ScenarioReader) -> (agents: [(spec: SimAgentSpec, node: Node)], written: [WrittenAgent])? {
        guard let sequence = node.sequence else {
            reader.report(node, "agents", "expected a list of agents, got \(ScenarioReader.summary(node))")
            return nil
        }
        var agents: [(spec: SimAgentSpec, node: Node)] = []
        var written: [WrittenAgent] = []
        for (index, item) in sequence.enumerated() {
            let path = "agents[\(index)]"
            var name: String?, domain: Domain?, dependencies: [String] = [], slots = 4
            var nameNode: Node?, dependencyNodes: [(text: String, node: Node)] = []
            for entry in reader.entries(item, field: path, known: ["name", "domain", "dependencies", "slots"]) {
                let field = "\(path).\(entry.key)"
                switch entry.key {
                case "name":
                    name = reader.string(entry.value, field: field)
                    nameNode = entry.value
                    // The engine's rule for agent names, so a scenario cannot declare one the API refuses.
                    if let text = name, !APIName.isValid(text) { reader.report(entry.value, field, "'\(text)' \(APIName.rule)") }
                case "domain":
                    guard let text = reader.string(entry.value, field: field) else { continue }
                    domain = Domain(rawValue: text)
                    if domain == nil {
                        reader.report(entry.value, field, "unknown domain '\(text)'" + ScenarioReader.choices(for: text, among: Domain.allCases.map(\.rawValue)))
                    }
                case "dependencies":
                    dependencyNodes = reader.strings(entry.value, field: field) ?? []
                    dependencies = dependencyNodes.map(\.text)
                default: slots = reader.int(entry.value, field: field, in: 1...64) ?? slots
                }
            }
            guard item.mapping != nil else { continue }
            var writtenName: (text: String, node: Node)?
            if let name, let nameNode { writtenName = (name, nameNode) }
            written.append(WrittenAgent(index: index, name: writtenName, dependencies: dependencyNodes))
            if name == nil { reader.report(item, "\(path).name", "every agent needs a name") }
            if domain == nil, item.mapping?["domain"] == nil { reader.report(item, "\(path).domain", "every agent needs a domain") }
            if let name, let domain { agents.append((SimAgentSpec(name: name, domain: domain, dependencies: dependencies, slots: slots), item)) }
        }
        return (agents, written)
    }

    /// Agent names are unique (each repeat reported where it is written) and the dependencies the
    /// file wrote are among the scenario's sources.
    static func check(
        _ written: [WrittenAgent], generated: [String], generatedNode: Node, sources: [String], reader: inout ScenarioReader
    ) {
        var first: [String: Int] = [:]
        for agent in written {
            guard let name = agent.name else { continue }
            if let earlier = first[name.text] {
                reader.report(name.node, "agents[\(agent.index)].name", "agent '\(name.text)' is declared twice (first as agents[\(earlier)])")
            } else {
                first[name.text] = agent.index
            }
            for (offset, dependency) in agent.dependencies.enumerated() where !sources.contains(dependency.text) {
                reader.report(
                    dependency.node, "agents[\(agent.index)].dependencies[\(offset)]",
                    "'\(dependency.text)' is not among the scenario's sources (\(sources.joined(separator: ", ")))"
                        + Suggestion.hint(for: dependency.text, among: sources))
            }
        }
        if let clash = generated.first(where: { first[$0] != nil }) {
            reader.report(generatedNode, "generatedAgents", "a generated agent would be named '\(clash)', as a listed agent is; rename the listed one")
        }
    }
}
