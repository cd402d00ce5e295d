public import Hummingbird
import StewardCore
public import StewardEngine

/// The circuit breakers: their states and figures, and the operators' reset, force-open,
/// disable and enable, each a ledger entry.
public struct BreakerController: Sendable {
    let keeper: BreakerKeeper

    /// Breaker routes over `keeper`.
    public init(keeper: BreakerKeeper) { self.keeper = keeper }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/breakers", use: list)
        router.post("/v1/breakers/:name/reset") { request, context in try await run(.reset, request, context) }
        router.post("/v1/breakers/:name/force-open") { request, context in try await run(.forceOpen, request, context) }
        router.post("/v1/breakers/:name/disable") { request, context in try await run(.disable, request, context) }
        router.post("/v1/breakers/:name/enable") { request, context in try await run(.enable, request, context) }
    }

    @Sendable func list(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            let statuses = try await keeper.list(tenant: principal.tenant)
            var items: [JSONValue] = []
            for status in statuses { items.append(try await item(status, tenant: principal.tenant)) }
            return try JSONResponse.make(["items": .array(items)])
        } catch { throw Problem.wrap(error) }
    }

    func run(_ command: BreakerCommand, _ request: Request, _ context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let name = try context.parameters.segment("name")
        var fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        let reason = fields.string("reason")
        try fields.finish("breaker command")
        do {
            let (status, changed) = try await keeper.command(command, id: name, tenant: principal.tenant, by: principal.name, actor: principal.actor, reason: reason)
            var view = try await item(status, tenant: principal.tenant)
            if case .object(var members) = view {
                // Whether this request changed anything: a second reset is answered, not recorded.
                members["changed"] = .bool(changed)
                if !changed {
                    members["note"] = .string("the breaker is \(status.state.rawValue); \(command.rawValue) does not apply, so nothing changed and no ledger entry was written")
                }
                view = .object(members)
            }
            return try JSONResponse.make(view)
        } catch { throw Problem.wrap(error) }
    }

    /// A breaker as listed: its row with its rule's configuration (`definition`), whether it
    /// holds anything back now (`enforcing`) and the window's figures from its fresh start (`current`).
    func item(_ status: BreakerStatus, tenant: String) async throws -> JSONValue {
        guard case .object(var fields) = try JSONValueEncoder.encode(status), let rule = keeper.rules.rule(status.rule) else {
            return try JSONValueEncoder.encode(status)
        }
        fields["definition"] = try JSONValueEncoder.encode(rule)
        fields["enforcing"] = .bool(status.enforcing)
        fields["current"] = try JSONValueEncoder.encode(await keeper.figures(rule: rule, tenant: tenant, type: status.actionType, since: status.countsFrom))
        return .object(fields)
    }
}
