import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// The fleet (a tile per agent, updated live) and one agent's remediation log.
extension PageController {
    @Sendable func fleet(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let tenant = viewer.principal.tenant
        let started = ContinuousClock.now
        var views: [AgentView] = []
        var cursor: String?
        repeat {
            let page = try await remediator.agents(tenant: tenant, state: nil, after: cursor, limit: 1000)
            views += page.items
            cursor = page.nextCursor
        } while cursor != nil
        let read = ContinuousClock.now
        // Problems first, so an escalated agent is not buried among a thousand healthy ones.
        views.sort { a, b in
            let (x, y) = (Self.urgency(a.state), Self.urgency(b.state))
            return x != y ? x < y : a.name < b.name
        }
        var counts: [AgentHealth: Int] = [:]
        var tiles = ""
        tiles.reserveCapacity(views.count * 800)
        for view in views {
            counts[view.state, default: 0] += 1
            tiles += try await tile(view, tenant: tenant).html
        }
        var data = await chrome(viewer, title: "Fleet", nav: "fleet")
        data["live"] = true
        data["tiles"] = tiles
        data["empty"] = views.isEmpty
        data["counts"] = AgentHealth.allCases.sorted { Self.urgency($0) < Self.urgency($1) }.map {
            ["state": $0.rawValue, "class": $0.rawValue.lowercased(), "count": counts[$0, default: 0]] as [String: Any]
        }
        let prepared = ContinuousClock.now
        var response = try renderer.page("fleet", data)
        // Where the time went, for the browser's network panel and for load tests.
        response.headers[.serverTiming] = ServerTiming.header(["read": read - started, "prepare": prepared - read, "render": .now - prepared])
        return response
    }

    static func urgency(_ state: AgentHealth) -> Int {
        switch state {
        case .escalated: 0
        case .recovering: 1
        case .degraded: 2
        case .healthy: 3
        case .unknown: 4
        }
    }

    /// One tile's HTML, fetched by the page when an event names the agent.
    @Sendable func tile(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        // The script asks `/ui/tiles?agent=NAME`: a name of dots only cannot stand in the path.
        guard let name = request.uri.queryParameters["agent"].map(String.init) ?? context.parameters.get("agent") else {
            throw Problem.notFound("no agent named")
        }
        guard let view = try await remediator.agent(name, tenant: viewer.principal.tenant) else { throw Problem.notFound("agent \(name) not found") }
        return PageRenderer.htmlResponse(try await tile(view, tenant: viewer.principal.tenant).html)
    }

    /// A tile: badge, spinner, key metrics, the current incident and its playbook.
    func tile(_ view: AgentView, tenant: String) async throws -> TileMarkup {
        guard let id = view.incident, let incident = try await remediator.incident(id, tenant: tenant) else {
            return TileMarkup(view: view, incident: nil)
        }
        return TileMarkup(view: view, incident: .init(
            id: incident.id, classification: incident.classification.rawValue, status: incident.status.rawValue,
            playbook: incident.current?.playbook ?? incident.choice?.chosen ?? "", attempts: incident.attempts.count))
    }

    @Sendable func agentPage(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        try await agentPage(named: try context.parameters.segment("name"), viewer: viewer)
    }

    /// `/ui/agents?name=..`: the page of an agent whose name cannot stand in the path; without a
    /// name, no page.
    @Sendable func agentByQuery(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        guard let name = request.uri.queryParameters["name"].map(String.init), !name.isEmpty else {
            return try await notFound(request, context: context, viewer: viewer)
        }
        return try await agentPage(named: name, viewer: viewer)
    }

    /// The agent's tile, incidents and remediation log.
    func agentPage(named name: String, viewer: Viewer) async throws -> Response {
        let tenant = viewer.principal.tenant
        guard let view = try await remediator.agent(name, tenant: tenant) else { throw Problem.notFound("agent \(name) not found") }
        let incidents = try await remediator.incidents(tenant: tenant, status: nil, agent: name, after: nil, limit: 50).items
        let lineage = try await remediator.lineage(tenant: tenant, agent: name, incident: nil, afterSeq: 0, limit: 200).entries
        var data = await chrome(viewer, title: name, nav: "fleet")
        data["live"] = true
        data["name"] = view.name
        data["tile"] = try await tile(view, tenant: tenant).html
        data["incidents"] = incidents.sorted { $0.openedAt > $1.openedAt }.map(Self.incident)
        data["lineage"] = lineage.reversed().map { entry in
            var row = MustacheValue.of(entry) as? [String: Any] ?? [:]
            if let ts = entry["ts"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) { row["time"] = PageTime.of(ts) }
            return row
        }
        data["noLineage"] = lineage.isEmpty
        data["noIncidents"] = incidents.isEmpty
        return try renderer.page("agent", data)
    }

    /// An incident with its attempts, each with its steps, verification and before/after metrics.
    static func incident(_ incident: Incident) -> [String: Any] {
        [
            "id": incident.id, "classification": incident.classification.rawValue, "rule": incident.rule, "status": incident.status.rawValue,
            "opened": PageTime.of(incident.openedAt), "closed": incident.closedAt.map(PageTime.of) as Any, "resolution": incident.resolution as Any,
            "signals": incident.signalCount, "cost": String(format: "$%.2f", incident.costUsd),
            "choice": incident.choice.map { ["chosen": $0.chosen, "reason": $0.reason, "byBandit": $0.byBandit] } as Any,
            "attempts": incident.attempts.map { attempt in
                [
                    "number": attempt.number, "playbook": attempt.playbook, "started": PageTime.of(attempt.startedAt), "ok": attempt.ok,
                    "steps": attempt.steps.map { ["primitive": $0.primitive.rawValue, "status": $0.status.rawValue, "detail": $0.detail, "tries": $0.tries] },
                    "verification": attempt.verification.map { ["outcome": $0.outcome.rawValue, "reason": $0.reason] } as Any,
                    "before": metricRows(attempt.before),
                    "after": attempt.verification?.after.map(metricRows) ?? [],
                ] as [String: Any]
            },
        ]
    }

    /// The key metrics of a signal, formatted for people.
    static func metrics(_ m: SignalMetrics) -> KeyValuePairs<String, String> {
        [
            "Success": Figures.percent(m.successRate),
            "Backlog age": Figures.fixed(m.backlogAgeMinutes, decimals: 0) + " min",
            "Burn": "$" + Figures.fixed(m.costBurnRatePerHour, decimals: 2) + "/h",
            "Alignment": Figures.fixed(m.alignment, decimals: 2),
        ]
    }

    /// The same metrics as rows for a template.
    static func metricRows(_ m: SignalMetrics) -> [[String: String]] {
        metrics(m).map { ["label": $0.key, "value": $0.value] }
    }

    /// A name usable as an HTML id (agent and skill names may hold any characters).
    static func elementID(_ name: String, prefix: String = "agent-") -> String {
        var id = prefix
        for scalar in name.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { id.unicodeScalars.append(scalar) } else { id += "_\(scalar.value)_" }
        }
        return id
    }
}
