import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// Skills: each skill with the providers it used today and its holds; today's quota use per
/// provider; the latest alerts and the silences. Read through the calls behind `GET /v1/skills`,
/// `/v1/quotas`, `/v1/alerts` and `/v1/silences`; clearing a hold and creating or ending a silence
/// go through those of `POST /v1/skills/{skill}/clear`, `POST /v1/silences` and `DELETE /v1/silences/{id}`.
extension PageController {
    /// Alerts the page lists, the newest first.
    static let recentAlerts = 50

    @Sendable func skillsPage(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        try await skillsPage(request, viewer: viewer)
    }

    /// A silence the server refused, shown again in the form as typed, with the reason.
    struct SilenceDraft {
        var rule: String
        var skill: String
        var provider: String
        var reason: String
        var lasts: SilenceLength?
        var problem: String
    }

    /// The page; with `draft`, the refused silence's form holds what was typed (answered `status`).
    func skillsPage(_ request: Request, viewer: Viewer, draft: SilenceDraft? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let tenant = viewer.principal.tenant
        var data = await chrome(viewer, title: "Skills", nav: "skills")
        data["flash"] = draft.map { ["kind": "problem", "text": $0.problem, "isProblem": true] as [String: Any] } ?? flash(request)
        if let draft {
            data["draft"] = ["skill": draft.skill, "provider": draft.provider, "reason": draft.reason]
            data["draftOpen"] = true
        }
        data["live"] = true
        guard let telemetry else { return try renderer.page("skills", data) }
        data["enabled"] = true
        let now = clock.now()
        let use: [(status: QuotaStatus, skills: Set<String>)]
        let states: [Telemetry.SkillState]
        do {
            use = try await telemetry.quotaUse(tenant: tenant)
            states = try await telemetry.skillStates(tenant: tenant)
        } catch { throw Problem.wrap(error) }
        data["skills"] = states.map { SkillsPageRows.skill($0, providers: Self.providers(of: $0.skill, in: use)) }
        data["quotas"] = use.map { SkillsPageRows.quota($0.status, skills: $0.skills) }
        guard let alerts else { return try renderer.page("skills", data) }
        data["alerting"] = true
        let listing = try await LedgerListing.read(
            store: store, tenant: tenant, filters: LedgerQuery(kinds: ["alert.raised"], limit: Self.recentAlerts), at: .newest)
        data["alerts"] = listing.rows.compactMap(SkillsPageRows.alert)
        data["moreAlerts"] = listing.older != nil
        let silences: [Silence]
        do { silences = try await alerts.silences(tenant: tenant) } catch { throw Problem.wrap(error) }
        // Who made each silence by name, as the kill switch's banner says it (QA console r3).
        var rows: [[String: Any]] = []
        for silence in silences.filter({ $0.isActive(at: now) }).sorted(by: { $0.expiresAt < $1.expiresAt }) {
            var row = SkillsPageRows.silence(silence)
            row["by"] = await personName(silence.createdBy)
            rows.append(row)
        }
        data["silences"] = rows
        data["rules"] = alerts.rules.map { ["id": $0.id, "event": $0.event, "severity": $0.severity.rawValue, "selected": $0.id == draft?.rule] as [String: Any] }
        let lasts = draft?.lasts ?? .day
        data["lasting"] = SilenceLength.allCases.map { ["value": $0.rawValue, "words": $0.words, "selected": $0 == lasts] as [String: Any] }
        return try renderer.page("skills", data, status: status)
    }

    /// The tenant's active skill holds now, by skill, as `GET /v1/skills` lists them; none without
    /// telemetry or when they cannot be read (a card then shows its recorded decision alone).
    func currentHolds(tenant: String) async -> [String: [SkillHold]] {
        guard let telemetry, let states = try? await telemetry.skillStates(tenant: tenant) else { return [:] }
        return Dictionary(states.filter { !$0.holds.isEmpty }.map { ($0.skill, $0.holds) }, uniquingKeysWith: { a, _ in a })
    }

    /// The providers whose quota `skill` used this quota day, in name order.
    static func providers(of skill: String, in use: [(status: QuotaStatus, skills: Set<String>)]) -> [String] {
        use.filter { $0.skills.contains(skill) }.map(\.status.provider).sorted()
    }

    @Sendable func clearHold(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let skill = try context.parameters.segment("skill")
        let fields = try await form(request, context: context)
        guard let telemetry else { return back(to: PagePaths.skills, "Telemetry is not running on this server.", kind: "problem") }
        let cleared: [SkillHold]
        do {
            cleared = try await telemetry.clearHolds(
                tenant: viewer.principal.tenant, skill: skill, cause: fields.text("cause"), reason: fields.text("reason"), actor: viewer.principal.actor)
        } catch {
            return back(to: PagePaths.skills, "Could not clear the hold on \(skill): \(error)", kind: "problem")
        }
        guard !cleared.isEmpty else { return back(to: PagePaths.skills, "Skill \(skill) had no such hold; nothing was changed.", kind: "problem") }
        return back(to: PagePaths.skills, "Cleared the hold on \(skill) (\(cleared.map(\.cause).joined(separator: ", "))).")
    }

    @Sendable func createSilence(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let fields = try await form(request, context: context)
        guard let alerts else { return back(to: PagePaths.skills, "Alerts are not running on this server.", kind: "problem") }
        // Refused: the page again with the form as typed, not a redirect that empties it.
        func refuse(_ problem: String) async throws -> Response {
            let draft = SilenceDraft(
                rule: fields["rule"] ?? "", skill: fields["skill"] ?? "", provider: fields["provider"] ?? "", reason: fields["reason"] ?? "",
                lasts: fields.text("lasts").flatMap(SilenceLength.init(rawValue:)), problem: problem)
            return try await skillsPage(request, viewer: viewer, draft: draft, status: .unprocessableContent)
        }
        guard let length = fields.text("lasts").flatMap(SilenceLength.init(rawValue:)) else {
            return try await refuse("Choose how long the silence lasts; nothing was changed.")
        }
        let expiresAt = clock.now().adding(milliseconds: length.milliseconds)
        let result: Result<Silence, SilenceProblems>
        do {
            result = try await alerts.silence(
                tenant: viewer.principal.tenant, id: AlertController.newID(), rule: fields.text("rule"), skill: fields.text("skill"),
                provider: fields.text("provider"), reason: fields.text("reason"), expiresAt: expiresAt, actor: viewer.principal.actor)
        } catch {
            return back(to: PagePaths.skills, "Could not create the silence: \(error)", kind: "problem")
        }
        switch result {
        case .success(let silence):
            return back(to: PagePaths.skills, "Silence \(silence.id) created: \(SkillsPageRows.matcher(silence)) until \(PageTime.utc(silence.expiresAt)).")
        case .failure(let refused):
            let why = refused.problems.map { "\(SilenceFormField.words($0.field)) \($0.reason)" }.joined(separator: "; ")
            return try await refuse("The silence was not created: \(why).")
        }
    }

    @Sendable func endSilence(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        guard let alerts else { return back(to: PagePaths.skills, "Alerts are not running on this server.", kind: "problem") }
        let ending: SilenceEnding
        do { ending = try await alerts.endSilence(tenant: viewer.principal.tenant, id: id, actor: viewer.principal.actor) } catch {
            return back(to: PagePaths.skills, "Could not end silence \(id): \(error)", kind: "problem")
        }
        switch ending {
        case .ended: return back(to: PagePaths.skills, "Silence \(id) ended: matching alerts page again.")
        case .alreadyEnded(let at, let by):
            let name = await personName(by)
            return back(to: PagePaths.skills, "Silence \(id) had already ended at \(PageTime.utc(at)) (by \(name)).", kind: "problem")
        case .notFound: return back(to: PagePaths.skills, "There is no silence \(id).", kind: "problem")
        }
    }
}
