import StewardCore
import StewardExpr

/// `governance:` the circuit-breaker rules, alert grouping, attestation and proposal lifetimes,
/// the roles that approve scope expansions and who holds them, and the weekly cycle's time.
enum GovernanceSection: ConfigurationSection {
    static let key = "governance"
    static let breakersPath = "governance.breakers"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        var g = configuration.governance
        node.mapping { m in
            if let rules = m.child("breakers").list(readRule) { g.breakers = rules }
            m.read("alertGroupSeconds", into: &g.alertGroupSeconds, as: .seconds(atLeast: 0))
            m.read("attestationDays", into: &g.attestationDays, as: .days(atLeast: 1))
            m.read("proposalDays", into: &g.proposalDays, as: .days(atLeast: 1))
            m.read("validationDays", into: &g.validationDays, as: .days(atLeast: 1))
            m.read("requiredApprovals", into: &g.requiredApprovals, as: .list(of: .name, noun: "role names", allowsEmpty: false, allowsRepeats: true))
            m.read("attributionMinutes", into: &g.attributionMinutes, as: .minutes(atLeast: 1))
            m.read("cycleWeekday", into: &g.cycleWeekday, as: .integer(in: 1...7))
            m.read("cycleHourUtc", into: &g.cycleHourUTC, as: .integer(in: 0...23))
            m.child("approvers").mapping { roles in
                var approvers: [String: [String]] = [:]
                for role in roles.keys {
                    var names: [String] = []
                    roles.read(role, into: &names, as: .list(of: .approverName, noun: "API key names"))
                    approvers[role] = names
                }
                g.approvers = approvers
            }
        }
        configuration.governance = g
    }

    private static func readRule(_ node: ConfigNode) -> BreakerRule? {
        var rule: BreakerRule?
        node.mapping { m in
            let name = m.require("name", as: .text)
            let condition = m.require("condition", as: .text)
            let window = m.require("window", as: .windowDuration)
            let action = m.require("action", as: .choice) as BreakerAction?
            // The other keys are read even when a required one is wrong, so each is checked and
            // none is reported as unknown.
            var r = BreakerRule(
                name: name ?? "", condition: condition ?? "", window: window ?? .minutes(5), action: action ?? .alertOnly, alertSeverity: .high)
            m.read("enabled", into: &r.enabled, as: .boolean)
            m.read("alertSeverity", into: &r.alertSeverity, as: .choice)
            m.read("minimumCalls", into: &r.minimumCalls, as: .integer(atLeast: 1))
            m.read("probes", into: &r.probes, as: .integer(atLeast: 0))
            m.read("openSeconds", into: &r.openSeconds, as: .seconds(atLeast: 1))
            m.read("blocks", into: &r.blocks, as: .boolean)
            m.read("shadow", into: &r.shadow, as: .boolean)
            m.read("actionTypes", into: &r.actionTypes, as: .list(of: .name, noun: "action type names"))
            // A wrong window or action (reported) still leaves the rule to check its name, condition and
            // types: every problem is listed in one pass. The file is refused anyway.
            guard name != nil, condition != nil else { return }
            rule = r
        }
        return rule
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        checkApprovers(configuration, in: context)
        let rules = configuration.governance.breakers
        UniqueNames.check(rules.map(\.id), kind: "breaker rule", at: { "\(context.element($0, ofList: breakersPath)).name" }, in: context)
        let types = configuration.actionTypes.map(\.name)
        for (offset, rule) in rules.enumerated() {
            for (i, type) in rule.actionTypes.enumerated() {
                UniqueNames.resolve(
                    type, among: types, kind: "action type", at: context.element(i, ofList: "\(context.element(offset, ofList: breakersPath)).actionTypes"),
                    in: context)
            }
        }
        do throws(RuleCompileErrors) {
            _ = try CompiledBreakerRules(rules)
        } catch {
            for problem in error.problems {
                let path = "\(context.element(problem.index, ofList: breakersPath)).condition"
                for expr in problem.errors.errors {
                    context.report("condition of breaker '\(problem.name)': \(expr.description)", at: path, origin: context.origin(of: path))
                }
            }
        }
    }
}

extension GovernanceSection {
    /// Key names are unique only within a tenant: with several tenants declared, each approver
    /// names its tenant (`acme/lead`), and that tenant must be declared.
    static func checkApprovers(_ configuration: StewardConfiguration, in context: ReadContext) {
        let tenants = configuration.tenants.map(\.id)
        // Roles are the map's keys: a required role nobody holds means no scope-expansion
        // proposal can ever be approved (an empty map is the default: no one approves at all).
        let approvers = configuration.governance.approvers
        if !approvers.isEmpty {
            for role in Set(configuration.governance.requiredApprovals).sorted() where approvers[role]?.isEmpty ?? true {
                let path = "governance.approvers"
                context.report(
                    "role '\(role)' of governance.requiredApprovals has no holder here, so no scope-expansion proposal could ever be approved"
                        + Suggestion.hint(for: role, among: approvers.keys.sorted()),
                    at: path, origin: context.origin(of: path))
            }
        }
        for (role, names) in configuration.governance.approvers.sorted(by: { $0.key < $1.key }) {
            let path = "governance.approvers.\(role)"
            for (index, entry) in names.enumerated() {
                let at = "\(path)[\(index)]"
                if let slash = entry.firstIndex(of: "/") {
                    let tenant = String(entry[..<slash])
                    if !tenants.contains(tenant) {
                        context.report(
                            "'\(entry)' names tenant '\(tenant)', which is not declared" + Suggestion.hint(for: tenant, among: tenants),
                            at: at, origin: context.origin(of: path))
                    }
                } else if tenants.count > 1 {
                    context.report(
                        "'\(entry)' must name its tenant, as '\(tenants[0])/\(entry)': \(tenants.count) tenants are declared and a key's name is unique only within its tenant",
                        at: at, origin: context.origin(of: path))
                }
            }
        }
    }
}

extension SettingType where Value == String {
    /// An approver: an API key's name, or `tenant/name` (a tenant id, a slash, the key's name).
    static var approverName: Self {
        .scalar(
            "an API key's name, or TENANT/NAME", allowsQuoted: true,
            parse: { text in
                let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = parts.last, !name.isEmpty, name.count <= 100,
                    !name.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
                else { return nil }
                if parts.count == 2 {
                    let tenant = parts[0]
                    guard !tenant.isEmpty, tenant.count <= 64, tenant.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
                    else { return nil }
                }
                return text
            }
        )
    }
}

extension SettingType where Value == WindowDuration {
    /// `30s`, `5m`, `1h` or `2d`, up to 30 days.
    static var windowDuration: Self {
        .scalar("a duration such as 30s, 5m, 1h or 2d (at most 30d)", allowsQuoted: true, parse: { WindowDuration(parsing: $0) })
    }
}
