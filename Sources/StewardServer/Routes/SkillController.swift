public import Hummingbird
import StewardCore
public import StewardEngine

/// Skills (seed 004 §2a.3): `GET /v1/skills` and `/v1/skills/{skill}` (registered fingerprint,
/// active holds), `PUT /v1/skills/{skill}/fingerprint` (at deployment, by an agent or operator;
/// while a fingerprint hold stands, by an operator only, which lifts it)
/// and `POST /v1/skills/{skill}/clear` (an operator lifts holds).
public struct SkillController: Sendable {
    let telemetry: Telemetry

    /// Skill routes over `telemetry`.
    public init(telemetry: Telemetry) { self.telemetry = telemetry }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/skills", use: list)
        router.get("/v1/skills/:skill", use: one)
        router.put("/v1/skills/:skill/fingerprint", use: register)
        router.post("/v1/skills/:skill/clear", use: clear)
    }

    @Sendable func list(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let states: [Telemetry.SkillState]
        do { states = try await telemetry.skillStates(tenant: principal.tenant) } catch { throw Problem.wrap(error) }
        return try JSONResponse.make(["skills": .array(states.map(\.json))])
    }

    @Sendable func one(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let skill = try Self.skill(context)
        let state: Telemetry.SkillState
        do { state = try await telemetry.skillState(tenant: principal.tenant, skill: skill) } catch { throw Problem.wrap(error) }
        return try JSONResponse.make(state.json)
    }

    /// Registers the skill's code fingerprint: `{"sha256": "<64 hex>", "version": "..."}`.
    @Sendable func register(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent)
        let skill = try Self.skill(context)
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let sha256 = fields.string("sha256", required: true, maxLength: 64)
        let version = fields.string("version", maxLength: 128)
        if let sha256, let problem = SkillFingerprint.problem(with: sha256) { fields.add([FieldProblem(field: "sha256", reason: problem)]) }
        try fields.finish("fingerprint registration")
        guard let sha256 else { throw Problem.invalid("the fingerprint registration is invalid", errors: [.init(field: "sha256", reason: "is required")]) }
        let person = principal.role.includes(.operator)
        let state: Telemetry.SkillState
        do {
            // The hold exists so that a person looks at the modified code: an agent key may not lift it.
            if !person, try await telemetry.skillState(tenant: principal.tenant, skill: skill).holds.contains(where: { $0.cause == "fingerprint" }) {
                throw Problem.forbidden(
                    "skill \(skill) is held for a fingerprint mismatch; only an operator's key may register its fingerprint now (or POST /v1/skills/\(skill)/clear)",
                    errors: [.init(field: "sha256", reason: "the skill is held; an operator must vouch for the new code")])
            }
            state = try await telemetry.registerFingerprint(
                tenant: principal.tenant, skill: skill, sha256: sha256, version: version, actor: principal.actor, clearingHold: person)
        } catch { throw Problem.wrap(error) }
        return try JSONResponse.make(state.json)
    }

    /// Lifts the skill's holds: all of them, or those of `cause` (`fingerprint`, `quota:<provider>`).
    @Sendable func clear(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let skill = try Self.skill(context)
        var fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        let cause = fields.string("cause", maxLength: 200)
        let reason = fields.string("reason", maxLength: 2000)
        try fields.finish("hold clearance")
        let cleared: [SkillHold]
        let state: Telemetry.SkillState
        do {
            cleared = try await telemetry.clearHolds(tenant: principal.tenant, skill: skill, cause: cause, reason: reason, actor: principal.actor)
            state = try await telemetry.skillState(tenant: principal.tenant, skill: skill)
        } catch { throw Problem.wrap(error) }
        return try JSONResponse.make([
            "cleared": .array(cleared.compactMap { try? JSONValueEncoder.encode($0) }), "skill": state.json,
        ])
    }

    static func skill(_ context: StewardRequestContext) throws -> String {
        let skill = try context.parameters.segment("skill")
        guard !skill.isEmpty, skill.count <= 128 else {
            throw Problem.invalid("the skill name is invalid", errors: [.init(field: "skill", reason: "must be 1 to 128 characters")])
        }
        return skill
    }
}
