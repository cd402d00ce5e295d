import StewardCore

/// `autonomy:` the starting mode, the autopilot scope, account budgets, the cost gate and the
/// accounts configured up front. Changes at run time go through the API and the ledger.
enum AutonomySection: ConfigurationSection {
    static let key = "autonomy"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        var a = configuration.autonomy
        node.mapping { m in
            m.read("mode", into: &a.mode, as: .choice)
            m.read("autopilotScope", into: &a.autopilotScope, as: .list(of: .name, noun: "action type names"))
            m.read("accountDailyActions", into: &a.accountDailyActions, as: .integer(atLeast: 0))
            m.read("dailyBudgetUsd", into: &a.dailyBudgetUsd, as: .number(atLeast: 0), environment: "STEWARD_DAILY_BUDGET_USD")
            m.read("budgetWarnings", into: &a.budgetWarnings, as: .list(of: .number(in: 0...1), noun: "shares of the budget"))
            m.child("costGate").mapping { c in
                c.read("minIntervalMinutes", into: &a.costGate.minIntervalMinutes, as: .minutes(atLeast: 0))
                c.read("maxOpenActions", into: &a.costGate.maxOpenActions, as: .integer(atLeast: 1))
                c.read("reserveFraction", into: &a.costGate.reserveFraction, as: .number(in: 0...1))
            }
            if let accounts = m.child("accounts").list(readAccount) { a.accounts = accounts }
        }
        configuration.autonomy = a
    }

    private static func readAccount(_ node: ConfigNode) -> AccountAutonomy? {
        var account: AccountAutonomy?
        node.mapping { m in
            guard let id = m.require("id", as: .name) else { return }
            var a = AccountAutonomy(id: id)
            m.read("tenant", into: &a.tenant, as: .name)
            m.read("mode", into: &a.mode, as: .choice)
            m.read("scheduledOptIn", into: &a.scheduledOptIn, as: .boolean)
            m.read("dailyActions", into: &a.dailyActions, as: .integer(atLeast: 0))
            account = a
        }
        return account
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        let types = configuration.actionTypes.map(\.name)
        for (index, name) in configuration.autonomy.autopilotScope.enumerated() {
            let path = context.element(index, ofList: "\(key).autopilotScope")
            guard UniqueNames.resolve(name, among: types, kind: "action type", at: path, in: context) else { continue }
            // `PUT /v1/autonomy` refuses these the same way.
            if let type = configuration.actionType(named: name), let refusal = AutopilotScope.refusal(of: type) {
                context.report(refusal, at: path, origin: context.origin(of: path))
            }
        }
        let tenants = configuration.tenants.map(\.id)
        let accountsPath = "\(key).accounts"
        UniqueNames.check(
            configuration.autonomy.accounts.map { "\($0.tenant)/\($0.id)" }, kind: "account",
            at: { "\(context.element($0, ofList: accountsPath)).id" }, in: context)
        for (offset, account) in configuration.autonomy.accounts.enumerated() {
            let path = context.element(offset, ofList: accountsPath)
            UniqueNames.resolve(account.tenant, among: tenants, kind: "tenant", at: "\(path).tenant", in: context)
        }
    }
}
