import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// Governance: readiness and its blockers, metrics over time, breakers with their windows, the
/// autopilot scope, scope proposals and the weekly reports.
extension PageController {
    /// Days the metric charts cover.
    static let chartDays = 14

    @Sendable func governancePage(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let tenant = viewer.principal.tenant
        var data = await chrome(viewer, title: "Governance", nav: "governance")
        data["flash"] = flash(request)
        data["live"] = true
        let autonomy = try await spine.autonomy(tenant: tenant)
        data["scope"] = autonomy.autopilotScope
        data["mode"] = autonomy.mode.rawValue
        data.merge(await levelInForce(tenant: tenant, autonomy: autonomy)) { $1 }
        guard let governance else { return try renderer.page("governance", data) }
        data["enabled"] = true
        let (readiness, _) = try await governance.readiness(tenant: tenant)
        data["readiness"] = MustacheValue.object(readiness)
        data["readinessPercent"] = String(format: "%.0f", readiness.overall.score * 100)
        data["checklists"] = readiness.checklists.enumerated().map { index, list in
            [
                "name": ["Technical", "Process", "Organizational"][index], "percent": String(format: "%.0f", list.score * 100),
                "points": list.points, "maxPoints": list.maxPoints, "items": list.items.map { MustacheValue.object($0) },
            ] as [String: Any]
        }
        data["charts"] = try await charts(tenant: tenant)
        var breakers: [[String: Any]] = []
        for status in try await governance.breakers.list(tenant: tenant) {
            breakers.append(await breaker(status, keeper: governance.breakers, tenant: tenant))
        }
        data["breakers"] = breakers
        data["proposals"] = try await governance.proposals(tenant: tenant).map { proposal in
            MustacheValue.object(proposal).merging([
                "open": proposal.status.rawValue == "pending", "commands": proposal.expansion.commandsToWhitelist.joined(separator: ", "),
                "approvers": proposal.approvals.map { "\($0.by) (\($0.role))" }.joined(separator: ", "),
                "expires": PageTime.of(proposal.expiresAt),
            ]) { $1 }
        }
        data["reports"] = try await governance.reports(tenant: tenant).prefix(12).map { report in
            ["id": report.id, "generated": PageTime.of(report.generatedAt), "level": report.level.rawValue,
             "from": PageTime.of(report.period.start), "to": PageTime.of(report.period.end)] as [String: Any]
        }
        return try renderer.page("governance", data)
    }

    /// A weekly report inside the Control Center: its pages' headers (CSP and the rest), its menu,
    /// and a way back to Governance. The report's text is escaped by the report itself.
    @Sendable func reportPage(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        guard let governance else { throw Problem.notFound("governance is not running on this server") }
        let report = try await governance.report(id, tenant: viewer.principal.tenant)
        var data = await chrome(viewer, title: "Weekly report", nav: "governance")
        data.merge([
            "id": report.id, "generated": PageTime.of(report.generatedAt), "level": report.level.rawValue,
            "from": PageTime.of(report.period.start), "to": PageTime.of(report.period.end), "body": report.htmlBody(),
        ]) { $1 }
        return try renderer.page("report", data)
    }

    /// The autonomy level in force, said the same way on every page: an open breaker holds the
    /// tenant at L3 whatever its setting.
    func levelInForce(tenant: String, autonomy: TenantAutonomy) async -> [String: Any] {
        let set = autonomy.effectiveLevel
        guard let governance, let level = try? await governance.level(tenant: tenant) else { return ["level": set.rawValue] }
        var data: [String: Any] = ["level": level.level.rawValue]
        if level.heldByBreaker {
            data["levelNote"] = "held at \(level.level.rawValue) while a circuit breaker is open; the tenant's setting is \(set.rawValue)"
        }
        return data
    }

    /// Daily success rate, approvals, rollbacks and incidents over the last ``chartDays`` days.
    func charts(tenant: String) async throws -> [[String: Any]] {
        guard let governance else { return [] }
        let now = clock.now()
        let dayMs: Int64 = 86_400_000
        let today = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch / dayMs * dayMs)
        var days: [(label: String, metrics: AutonomyMetrics)] = []
        for back in stride(from: Self.chartDays - 1, through: 0, by: -1) {
            let start = today.adding(milliseconds: -Int64(back) * dayMs)
            let metrics = try await governance.metrics(tenant: tenant, from: start, to: start.adding(milliseconds: dayMs))
            days.append((String(start.rfc3339.prefix(10)), metrics))
        }
        func chart(
            _ title: String, ceiling: Double? = nil, percent: Bool = false, missing: String = "", _ value: (AutonomyMetrics) -> Double?
        ) -> [String: Any] {
            let format: @Sendable (Double) -> String
            if percent {
                format = { String(format: "%.0f%%", $0 * 100) }
            } else {
                format = { String(format: "%.0f", $0) }
            }
            let points = days.map { SVGChart.Point(label: $0.label, value: value($0.metrics)) }
            return [
                "title": title, "svg": SVGChart(title: title, points: points, format: format, ceiling: ceiling, counts: !percent).svg,
                "rows": points.map { ["label": $0.label, "value": $0.value.map(format) ?? missing] },
                "gaps": points.contains { $0.value == nil } ? "A day without a point had \(missing)." : "",
            ]
        }
        return [
            // A day on which no command finished has no success rate: a gap, not 0%, which reads as "all failed".
            chart("Command success rate per day", ceiling: 1, percent: true, missing: "no commands") { $0.rates.successRate },
            chart("Approvals per day") { Double($0.commands.approved) },
            chart("Rollbacks per day") { Double($0.commands.rolledBack) },
            chart("Incidents per day") { Double($0.incidents.total) },
        ]
    }

    /// The tenant's breakers now, read as the Governance page reads them; none without governance
    /// or when they cannot be read (a card then shows its recorded decision alone).
    func currentBreakers(tenant: String) async -> [BreakerStatus] {
        guard let governance else { return [] }
        return (try? await governance.breakers.list(tenant: tenant)) ?? []
    }

    /// A breaker with its state in words, its window's figures now and, while it holds, those it tripped on.
    func breaker(_ status: BreakerStatus, keeper: BreakerKeeper, tenant: String) async -> [String: Any] {
        var data: [String: Any] = [
            "id": status.id, "name": status.name, "state": status.state.rawValue, "stateWords": Self.words(status.state),
            "stateClass": status.enforcing ? "open" : status.state.rawValue, "action": status.action.rawValue, "reason": status.reason,
            "trips": status.trips, "enforcing": status.enforcing, "probes": "\(status.probesSucceeded)/\(status.probesNeeded)",
        ]
        if let rule = keeper.rules.rule(status.rule) {
            data["now"] = Self.window(await keeper.figures(rule: rule, tenant: tenant, type: status.actionType, since: status.countsFrom))
        }
        if status.state != .closed, let figures = status.figures { data["atTrip"] = Self.window(figures) }
        return data
    }

    /// A window's figures in one line; a rate only once the rule's minimum of calls is reached.
    static func window(_ figures: BreakerVariables) -> String {
        let counts = figures.tenant
        var text = "\(counts.calls) \(counts.calls == 1 ? "call" : "calls"), \(counts.failures) failed, \(counts.rollbacks) rolled back"
        if counts.calls >= max(1, figures.minimumCalls) {
            text += " · error rate " + Figures.percent(figures.errorRate)
        } else {
            text += " · no rate below \(figures.minimumCalls) calls"
        }
        return text
    }

    static func words(_ state: BreakerState) -> String {
        switch state {
        case .closed: "Closed: running normally"
        case .open: "Open: holding actions back"
        case .halfOpen: "Testing: letting a few approved actions through"
        case .forcedOpen: "Forced open by a person"
        case .disabled: "Switched off: not watching"
        }
    }

    @Sendable func breakerCommand(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let name = try context.parameters.segment("command")
        let fields = try await form(request, context: context)
        guard let governance, let command = BreakerCommand(rawValue: name.replacingOccurrences(of: "-", with: "_")) else {
            return back(to: "/ui/governance", "There is no breaker command \(name).", kind: "problem")
        }
        if command == .forceOpen && fields.text("reason") == nil {
            return back(to: "/ui/governance", "Forcing a breaker open needs a reason; nothing was changed.", kind: "problem")
        }
        do {
            let (status, changed) = try await governance.breakers.command(
                command, id: id, tenant: viewer.principal.tenant, by: viewer.principal.name, actor: viewer.principal.actor, reason: fields.text("reason"))
            return back(to: "/ui/governance", "\(status.name) \(changed ? "is now" : "was already") \(Self.words(status.state).lowercased()).")
        } catch {
            return back(to: "/ui/governance", "Could not \(name) \(id): \(error)", kind: "problem")
        }
    }

    @Sendable func proposalVerdict(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let verdict = try context.parameters.segment("verdict")
        let fields = try await form(request, context: context)
        guard let governance else { return back(to: "/ui/governance", "Governance is not running.", kind: "problem") }
        let p = viewer.principal
        do {
            switch verdict {
            case "approve":
                let proposal = try await governance.approve(id, tenant: p.tenant, principal: p.name, note: fields.text("note"), actor: p.actor)
                return back(to: "/ui/governance", "Approved proposal \(id): it is now \(proposal.status.rawValue.replacingOccurrences(of: "_", with: " ")).")
            case "reject":
                guard let reason = fields.text("reason") else { return back(to: "/ui/governance", "Rejecting a proposal needs a reason.", kind: "problem") }
                _ = try await governance.reject(id, tenant: p.tenant, principal: p.name, reason: reason, actor: p.actor)
                return back(to: "/ui/governance", "Rejected proposal \(id).")
            default:
                return back(to: "/ui/governance", "Proposals can be approved or rejected, not \(verdict).", kind: "problem")
            }
        } catch {
            return back(to: "/ui/governance", "Could not \(verdict) proposal \(id): \(error)", kind: "problem")
        }
    }
}
