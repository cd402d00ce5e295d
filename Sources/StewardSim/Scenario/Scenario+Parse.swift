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
    public static func parse(yaml: String, file: String) throws(ScenarioError) -> Scenario {
        var reader = ScenarioReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            reader.syntax(error)
            throw ScenarioError(problems: reader.problems)
        }
        guard let root else { throw ScenarioError(problems: ["\(file):0:0: (document): the file is empty"]) }
        var scenario = Scenario(name: defaultName(file: file))
        var ownAgents: [(spec: SimAgentSpec, node: Node)]?
        var generated = 0, generatedNode = root, agentsListed = 0
        var opening: [(event: ScriptedEvent, node: Node, index: Int)] = []
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
                ownAgents = readAgents(value, reader: &reader)
                agentsListed = value.sequence?.count ?? 0
            case "opening": opening = readOpening(value, reader: &reader)
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
        check(agents, sources: scenario.sources, reader: &reader)
        let names = Set(agents.map(\.spec.name))
        for scripted in opening where !names.contains(scripted.event.agent) {
            reader.report(
                scripted.node.mapping?["agent"] ?? scripted.node, "opening[\(scripted.index)].agent",
                "no agent named '\(scripted.event.agent)' in the fleet" + Suggestion.hint(for: scripted.event.agent, among: names))
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

    /// `agents`: a list of `{name, domain, dependencies, slots}`.
    static func readAgents(_ node: Node, reader: inout ScenarioReader) -> [(spec: SimAgentSpec, node: Node)]? {
        guard let sequence = node.sequence else {
            reader.report(node, "agents", "expected a list of agents, got \(ScenarioReader.summary(node))")
            return nil
        }
        var agents: [(spec: SimAgentSpec, node: Node)] = []
        for (index, item) in sequence.enumerated() {
            let path = "agents[\(index)]"
            var name: String?, domain: Domain?, dependencies: [String] = [], slots = 4
            for entry in reader.entries(item, field: path, known: ["name", "domain", "dependencies", "slots"]) {
                let field = "\(path).\(entry.key)"
                switch entry.key {
                case "name":
                    name = reader.string(entry.value, field: field)
                    // The engine's rule for agent names, so a scenario cannot declare one the API refuses.
                    if let text = name, !APIName.isValid(text) { reader.report(entry.value, field, "'\(text)' \(APIName.rule)") }
                case "domain":
                    guard let text = reader.string(entry.value, field: field) else { continue }
                    domain = Domain(rawValue: text)
                    if domain == nil {
                        reader.report(entry.value, field, "unknown domain '\(text)'" + ScenarioReader.choices(for: text, among: Domain.allCases.map(\.rawValue)))
                    }
                case "dependencies": dependencies = reader.strings(entry.value, field: field)?.map(\.text) ?? []
                default: slots = reader.int(entry.value, field: field, in: 1...64) ?? slots
                }
            }
            guard item.mapping != nil else { continue }
            if name == nil { reader.report(item, "\(path).name", "every agent needs a name") }
            if domain == nil, item.mapping?["domain"] == nil { reader.report(item, "\(path).domain", "every agent needs a domain") }
            if let name, let domain { agents.append((SimAgentSpec(name: name, domain: domain, dependencies: dependencies, slots: slots), item)) }
        }
        return agents
    }

    /// Agent names are unique and their dependencies are among the scenario's sources.
    static func check(_ agents: [(spec: SimAgentSpec, node: Node)], sources: [String], reader: inout ScenarioReader) {
        var seen: Set<String> = []
        for (index, (agent, node)) in agents.enumerated() {
            if !seen.insert(agent.name).inserted { reader.report(node, "agents[\(index)].name", "agent '\(agent.name)' is declared twice") }
            for dependency in agent.dependencies where !sources.contains(dependency) {
                reader.report(
                    node, "agents[\(index)].dependencies",
                    "'\(dependency)' is not among the scenario's sources (\(sources.joined(separator: ", ")))")
            }
        }
    }
}
