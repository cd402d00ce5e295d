import StewardCore
import StewardExpr
import Yams

/// `playbooks:` remediation playbooks. The shipped ones (requirements 001 §5 and 000 §7) are
/// always there; an entry with a shipped name replaces it, any other name adds a playbook.
enum PlaybooksSection: ConfigurationSection {
    static let key = "playbooks"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        let base = configuration.playbooks
        guard let written = node.list(readPlaybook) else { return }
        let names = Set(written.map(\.name))
        configuration.playbooks = written + base.filter { !names.contains($0.name) }
    }

    private static func readPlaybook(_ node: ConfigNode) -> Playbook? {
        var playbook: Playbook?
        node.mapping { m in
            let name = m.require("name", as: .name)
            let classification = m.require("classification", as: .choice) as Classification?
            let steps = m.child("steps").list(readStep)
            if steps == nil {
                m.child("steps").report("is required: a list of steps, each `do: <primitive>` with optional `args`")
            } else if m.child("steps").isEmptyList {
                // It could never fix anything, yet would spend one of the incident's attempts.
                m.child("steps").report("a playbook needs at least one step")
            }
            let criteria = m.require("successCriteria", as: .text)
            var impact: Double?
            m.read("impactPoints", into: &impact, as: SettingType.number(atLeast: 0).optional)
            guard let name, let classification, let steps, let criteria else {
                // Dropped for another fault: its criteria are still checked (a built playbook's are
                // checked with the others), so every problem is listed in one run.
                if let criteria {
                    m.child("successCriteria").checkCondition(
                        criteria, in: VerificationFacts.environment, as: name.map { "success criteria of '\($0)'" } ?? "success criteria")
                }
                return
            }
            playbook = Playbook(name: name, classification: classification, steps: steps, successCriteria: criteria, impactPoints: impact)
        }
        return playbook
    }

    private static func readStep(_ node: ConfigNode) -> PlaybookStep? {
        var step: PlaybookStep?
        node.mapping { m in
            let primitive = m.require("do", as: .choice) as Primitive?
            var args: [String: JSONValue] = [:]
            let argsNode = m.child("args")
            if let value = argsNode.value(.json) {
                if case .object(let members) = value { args = members } else { argsNode.report("expected a mapping of arguments") }
            }
            // Read as one value: each argument's origin is its own node in the file.
            var argumentNodes: [String: ConfigNode] = [:]
            if let written = argsNode.node?.mapping {
                for (key, child) in written {
                    guard let name = key.string, let value = args[name] else { continue }
                    let path = argsNode.path + "." + name
                    argumentNodes[name] = ConfigNode(child, path: path, context: argsNode.context)
                    if case .object = value { continue }
                    argsNode.context.record(path, origin: argsNode.context.locate(child, at: path))
                }
            }
            guard let primitive else { return }
            for problem in StepArgumentRules.problems(args, of: primitive) {
                (argumentNodes[problem.argument] ?? argsNode).report(problem.reason)
            }
            step = PlaybookStep(primitive, args)
        }
        return step
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        let playbooks = configuration.playbooks
        UniqueNames.check(playbooks.map(\.name), kind: "playbook", at: { "\(context.element($0, ofList: key)).name" }, in: context)
        do throws(RuleCompileErrors) {
            _ = try SuccessCriteria(playbooks)
        } catch {
            for problem in error.problems {
                let path = "\(context.element(problem.index, ofList: key)).successCriteria"
                for expr in problem.errors.errors {
                    context.report("success criteria of '\(problem.name)': \(expr.description)", at: path, origin: context.origin(of: path))
                }
            }
        }
        checkReferences(configuration, in: context)
        let names = playbooks.map(\.name)
        for (offset, playbook) in playbooks.enumerated() {
            for (index, step) in playbook.steps.enumerated() where step.primitive == .selectByBandit {
                let path = "\(context.element(offset, ofList: key)).steps[\(index)].args.candidates"
                guard case .array(let items)? = step.args["candidates"], !items.isEmpty else {
                    context.report("selectByBandit needs a non-empty list of candidate playbooks", at: path, origin: context.origin(of: path))
                    continue
                }
                for item in items {
                    guard let candidate = item.stringValue else { continue }
                    if candidate == playbook.name {
                        context.report("a playbook cannot select itself", at: path, origin: context.origin(of: path))
                    } else {
                        UniqueNames.resolve(candidate, among: names, kind: "playbook", at: path, in: context)
                    }
                }
            }
        }
    }

    /// Agents and sources a step names literally: an undeclared agent is an error unless signals
    /// may register agents; an undeclared source is one only when it looks like a declared one
    /// misspelt (a source need not be declared: its freshness is then unknown).
    private static func checkReferences(_ configuration: StewardConfiguration, in context: ReadContext) {
        let agents = configuration.agents.map(\.name), sources = configuration.sources.map(\.name)
        let autoRegister = configuration.remediation.signals.autoRegister
        for (offset, playbook) in configuration.playbooks.enumerated() {
            for (index, step) in playbook.steps.enumerated() {
                let agentArguments: [String] = switch step.primitive {
                case .throttleAgent, .estimateImpact: ["agent"]
                case .reallocateSlots: ["from", "to"]
                default: []
                }
                let sourceArguments = [Primitive.checkFreshness, .refetchSource].contains(step.primitive) ? ["source"] : []
                for argument in agentArguments + sourceArguments {
                    guard let name = step.args[argument]?.stringValue else { continue }
                    let isAgent = agentArguments.contains(argument)
                    let declared = isAgent ? agents : sources
                    guard !declared.contains(name) else { continue }
                    guard (isAgent && !autoRegister) || Suggestion.closest(to: name, among: declared) != nil else { continue }
                    let path = "\(context.element(offset, ofList: key)).steps[\(index)].args.\(argument)"
                    UniqueNames.resolve(name, among: declared, kind: isAgent ? "agent" : "source", at: path, in: context)
                }
            }
        }
    }
}
