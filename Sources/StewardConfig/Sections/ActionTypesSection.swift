import StewardCore
import StewardExpr

/// `actionTypes:` what agents may propose. The seed types of requirement 003 are always there;
/// an entry with a seed type's name overrides the fields it writes, any other name adds a type.
enum ActionTypesSection: ConfigurationSection {
    static let key = "actionTypes"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        // The primitives' types cost what `remediation.costs` (AUTOREM_COST_PER_*) says, unless the file says otherwise.
        let costs = configuration.remediation.costs
        let base = configuration.actionTypes.map { type in
            var type = type
            if ActionType.remediationTypeNames.contains(type.name), let primitive = Primitive(rawValue: type.name) {
                type.costUsd = primitive.cost(costs)
            }
            return type
        }
        configuration.actionTypes = base
        guard let written = node.list({ readType($0, base: base) }) else { return }
        // The file's types first, in its order, so their places match the file; then the seed
        // types it did not mention.
        let names = Set(written.map(\.name))
        configuration.actionTypes = written + base.filter { !names.contains($0.name) }
    }

    private static func readType(_ node: ConfigNode, base: [ActionType]) -> ActionType? {
        var result: ActionType?
        node.mapping { m in
            guard let name = m.name() else { return }
            let seed = base.first { $0.name == name }
            // A new type starts on the cautious side of every flag; the file says what is safe.
            var t = seed ?? ActionType(name: name, risk: .high, reversible: false, idempotent: false, external: true, costUsd: 0)
            if seed == nil {
                // A new type states its risk; everything else defaults to the cautious side.
                if let risk = m.require("risk", as: .choice) as RiskLevel? { t.risk = risk }
            } else {
                m.read("risk", into: &t.risk, as: .choice)
            }
            m.read("reversible", into: &t.reversible, as: .boolean)
            m.read("idempotent", into: &t.idempotent, as: .boolean)
            m.read("external", into: &t.external, as: .boolean)
            keepNeverAutonomous(&t, in: m)
            m.read("costUsd", into: &t.costUsd, as: .number(atLeast: 0))
            m.read("domain", into: &t.domain, as: .domain)
            m.read("impactPoints", into: &t.impactPoints, as: .number(atLeast: 0))
            m.read("expectedDownsideUsd", into: &t.expectedDownsideUsd, as: .number(atLeast: 0))
            m.read("complianceSensitivity", into: &t.complianceSensitivity, as: .number(in: 0...1))
            let executor = m.child("executor")
            if executor.node != nil, let spec = readExecutor(executor) { t.executor = spec }
            m.child("approval").mapping { a in
                a.read("approvers", into: &t.approval.approvers, as: .integer(in: 1...10))
                a.read("expiresAfterMinutes", into: &t.approval.expiresAfterMinutes, as: .minutes(atLeast: 1))
                a.read("onExpiry", into: &t.approval.onExpiry, as: .choice)
                a.read("proposerMayApprove", into: &t.approval.proposerMayApprove, as: .boolean)
            }
            result = t
        }
        return result
    }

    /// Seed 003 §5.4 lists some types as never autonomous: a file may tune them but not make them
    /// safe. The refused value is reported where it is written and the seed's kept, so the checks
    /// that follow (the autopilot scope) see the type as it will run.
    private static func keepNeverAutonomous(_ type: inout ActionType, in m: MappingReader) {
        guard let seed = ActionType.seedTypes.first(where: { $0.name == type.name }), seed.neverAutonomous else { return }
        if type.risk != .high {
            m.child("risk").report(
                "'\(seed.name)' is high-risk by definition (requirement 003 §5.4) and cannot be lowered to \(type.risk.rawValue)")
            type.risk = .high
        }
        if seed.external && !type.external {
            m.child("external").report(
                "'\(seed.name)' contacts people outside the organisation (requirement 003 §5.4); 'external' cannot be false")
            type.external = true
        }
    }

    static func readExecutor(_ node: ConfigNode) -> ExecutorSpec? {
        var spec: ExecutorSpec?
        node.mapping { m in
            guard let kind = m.require("kind", as: .choice) as ExecutorKind? else { return }
            switch kind {
            case .record:
                spec = .record
            case .agent:
                spec = .agent
            case .builtin:
                if let name = m.require("name", as: .choice) as BuiltinAction? { spec = .builtin(name: name.rawValue) }
            case .http:
                guard let url = m.require("url", as: .httpURL) else { return }
                var http = HTTPExecutorSpec(url: url)
                m.read("timeoutMs", into: &http.timeoutMilliseconds, as: .integer(in: 1...600_000))
                m.read("retries", into: &http.retries, as: .integer(in: 0...10))
                m.read("backoffMs", into: &http.backoffMilliseconds, as: .integer(in: 0...600_000))
                spec = .http(http)
            case .command:
                guard let argv = m.require("argv", as: .list(of: .text, noun: "arguments", allowsEmpty: false)) else { return }
                // The program is run without a shell and from Steward's own working directory, so a
                // relative path would depend on where `steward serve` was started.
                if let program = argv.first, program.contains("/"), !program.hasPrefix("/") {
                    m.child("argv").report(
                        "argv[0] '\(program)' is a relative path: give an absolute path, or a program name without '/' looked up on PATH")
                }
                var command = CommandExecutorSpec(argv: argv)
                m.read("timeoutMs", into: &command.timeoutMilliseconds, as: .integer(in: 1...3_600_000))
                spec = .command(command)
            }
        }
        return spec
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        UniqueNames.check(writtenIn: key, kind: "action type", in: context)
        // An approval that expires as approved runs with no person; the invariant forbids that
        // for high-risk and external types, whatever the file says (DESIGN.md, "The spine").
        for (index, type) in configuration.actionTypes.enumerated() where type.approval.onExpiry == .approve {
            let path = "\(context.element(index, ofList: key)).approval.onExpiry"
            if type.neverAutonomous {
                let why = type.external ? "contacts people outside the organisation" : "is high-risk"
                context.report(
                    "'\(type.name)' \(why), so it never runs without a person; 'onExpiry: approve' would run it when nobody answered (use 'reject')",
                    at: path, origin: context.origin(of: path))
                continue
            }
            // Expiring as approved is held to what holds autopilot, which runs only low-risk,
            // reversible, idempotent types: for any other type it could never approve.
            let unlike = [type.risk == .medium ? "medium-risk" : nil, type.reversible ? nil : "not reversible", type.idempotent ? nil : "not idempotent"]
                .compactMap { $0 }
            if !unlike.isEmpty {
                context.report(
                    "'\(type.name)' is \(unlike.joined(separator: " and ")), and an expiry approves only what autopilot could run "
                        + "(low-risk, reversible, idempotent); 'onExpiry: approve' would always expire as rejected (use 'reject')",
                    at: path, origin: context.origin(of: path))
            }
        }
    }
}

/// The executor kinds as written in steward.yaml.
enum ExecutorKind: String, CaseIterable {
    case http, command, builtin, record, agent
}

extension SettingType where Value == String {
    /// An absolute http or https URL whose placeholders (`{agent}`) are the executor's.
    static var httpURL: Self {
        .scalar(
            "an http:// or https:// URL", allowsQuoted: true,
            parse: { text in
                (text.hasPrefix("http://") || text.hasPrefix("https://")) && text.count > 8 && !text.contains(" ") ? text : nil
            },
            check: { url, _ in
                let known = HTTPExecutorSpec.placeholders
                guard let unknown = Self.placeholders(in: url).first(where: { !known.contains($0) }) else { return nil }
                return "unknown placeholder '{\(unknown)}' in the URL; the placeholders are "
                    + known.map { "{\($0)}" }.joined(separator: ", ") + Suggestion.hint(for: unknown, among: known)
            })
    }

    /// The names written between braces in `text`.
    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
