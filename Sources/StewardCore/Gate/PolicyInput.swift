public import StewardExpr

/// The variables policy rules may read, declared once so every rule is type-checked against them
/// when the configuration loads (see docs/actions.md for the list).
public enum PolicyInput {
    /// The declared variables and their types.
    public static let variables: [(name: String, type: ExprType)] = [
        ("action.type", .string), ("action.risk", .string), ("action.external", .bool),
        ("action.reversible", .bool), ("action.idempotent", .bool), ("action.costUsd", .double),
        ("action.domain", .string), ("action.params", .object), ("action.trigger", .string),
        ("action.impactPoints", .double), ("action.affectedAccounts", .int),
        ("agent.name", .string),
        ("account.id", .string), ("account.mode", .string), ("account.scheduledOptIn", .bool),
        ("tenant.id", .string), ("tenant.mode", .string), ("tenant.tier", .string),
        ("budget.spentUsd", .double), ("budget.capUsd", .double), ("budget.remainingUsd", .double),
        ("budget.accountActionsToday", .int), ("budget.accountDailyLimit", .int),
        ("now", .timestamp),
    ]

    /// The environment rules compile against.
    public static let environment: ExprEnvironment = ExprEnvironment(variables)

    private static func slot(_ name: String) -> Int { environment.slot(of: name) ?? -1 }
    private static let slots = Slots()

    /// Slots looked up once; setting an activation by slot avoids a dictionary lookup per variable.
    private struct Slots {
        let type = slot("action.type"), risk = slot("action.risk"), external = slot("action.external")
        let reversible = slot("action.reversible"), idempotent = slot("action.idempotent")
        let cost = slot("action.costUsd"), domain = slot("action.domain"), params = slot("action.params")
        let trigger = slot("action.trigger"), impact = slot("action.impactPoints")
        let affected = slot("action.affectedAccounts"), agent = slot("agent.name"), account = slot("account.id")
        let accountMode = slot("account.mode"), optIn = slot("account.scheduledOptIn"), tenant = slot("tenant.id")
        let tenantMode = slot("tenant.mode"), tier = slot("tenant.tier"), spent = slot("budget.spentUsd")
        let cap = slot("budget.capUsd"), remaining = slot("budget.remainingUsd")
        let accountActions = slot("budget.accountActionsToday"), accountLimit = slot("budget.accountDailyLimit")
        let now = slot("now")
    }

    /// The activation for one proposal.
    public static func activation(_ input: GateInput) -> ExprActivation { activation(input, readingParams: true) }

    /// The activation for one proposal; `action.params` is left unset unless `readingParams`, since
    /// converting the parameters is the costliest part and most policies never read them.
    static func activation(_ input: GateInput, readingParams: Bool) -> ExprActivation {
        let s = slots
        let p = input.proposal, t = input.actionType
        var a = ExprActivation(environment)
        a[s.type] = .string(p.type)
        a[s.risk] = .string(t.risk.rawValue)
        a[s.external] = .bool(t.external)
        a[s.reversible] = .bool(t.reversible)
        a[s.idempotent] = .bool(t.idempotent)
        a[s.cost] = .double(t.costUsd)
        a[s.domain] = .string(t.domain.rawValue)
        if readingParams { a[s.params] = ExprValue(p.params) }
        a[s.trigger] = .string(p.trigger.rawValue)
        a[s.impact] = .double(p.impactPoints ?? t.impactPoints)
        a[s.affected] = .int(Int64(p.affectedAccounts))
        a[s.agent] = .string(p.agent)
        a[s.account] = .string(p.account ?? "")
        a[s.accountMode] = .string(input.autonomy.effectiveMode.rawValue)
        a[s.optIn] = .bool(input.autonomy.scheduledOptIn)
        a[s.tenant] = .string(p.tenant)
        a[s.tenantMode] = .string(input.autonomy.tenantMode.rawValue)
        a[s.tier] = .string(input.activity.tier.rawValue)
        a[s.spent] = .double(input.budget.tenantSpentUsd)
        a[s.cap] = .double(input.budget.tenantCapUsd)
        a[s.remaining] = .double(input.budget.tenantRemainingUsd)
        a[s.accountActions] = .int(Int64(input.budget.accountAutonomousActions))
        a[s.accountLimit] = .int(Int64(input.budget.accountDailyLimit))
        let ms = input.now.millisecondsSinceEpoch
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        a[s.now] = ExprTimestamp(seconds: seconds, nanos: Int32((ms - seconds * 1000) * 1_000_000)).map(ExprValue.timestamp)
        return a
    }
}

extension ExprValue {
    /// A rule input from a JSON value of a request.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(ExprValue.init))
        case .object(let members):
            // The pairs in the key order `ExprMap(stringKeys:)` gives, without its intermediate
            // dictionary; string keys never repeat, so the fallback is never taken.
            var pairs = members.map { (key: ExprValue.string($0.key), value: ExprValue($0.value)) }
            pairs.sort { if case .string(let a) = $0.key, case .string(let b) = $1.key { a < b } else { false } }
            self = (try? ExprMap(pairs)).map(ExprValue.map) ?? .object(members.mapValues(ExprValue.init))
        }
    }
}
