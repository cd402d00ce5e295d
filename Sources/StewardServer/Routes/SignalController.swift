public import Hummingbird
public import StewardCore
public import StewardEngine

/// `POST /v1/signals`: one status signal, a JSON array of them, or NDJSON (one per line).
public struct SignalController: Sendable {
    let intake: SignalIntake
    let limit: SignalRateLimit
    let clock: any WallClock
    let settings: SignalSettings

    /// The most signals one request may carry.
    static let maxBatch = 1_000

    /// Signal routes over `intake`.
    public init(intake: SignalIntake, limit: SignalRateLimit, clock: any WallClock, settings: SignalSettings) {
        self.intake = intake
        self.limit = limit
        self.clock = clock
        self.settings = settings
    }

    /// Adds the route.
    public func register(on router: Router<StewardRequestContext>) {
        router.post("/v1/signals", use: receive)
    }

    @Sendable func receive(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent)
        let raw = try await RequestBody.collect(request, context: context)
        let ndjson = MediaTypeMiddleware.isNDJSON(request)
        let (values, single) = try BatchBody.parse(raw, ndjson: ndjson)
        guard !values.isEmpty else { throw Problem.malformed("the body holds no signal", errors: [.init(field: "body", reason: "holds no signal")]) }
        guard values.count <= Self.maxBatch else {
            throw Problem(
                .contentTooLarge, detail: "\(values.count) signals in one request; at most \(Self.maxBatch)",
                errors: [.init(field: "body", reason: "holds \(values.count) signals; at most \(Self.maxBatch) in one request")])
        }
        let now = clock.now()
        var signals: [StatusSignal] = []
        var errors: [Problem.FieldError] = []
        for (index, value) in values.enumerated() {
            switch SignalCheck.read(
                value, now: now, maxFutureSkewSeconds: settings.maxFutureSkewSeconds, maxAgeSeconds: settings.maxAgeSeconds) {
            case .success(let signal): signals.append(signal)
            case .failure(let problems):
                // A single body that is not an object is the body's fault: name it.
                errors += problems.problems.map { single ? ($0.field.isEmpty ? FieldProblem(field: "body", reason: $0.reason) : $0) : $0.inElement(index) }
                    .map { .init(field: $0.field, reason: $0.reason) }
            }
        }
        guard errors.isEmpty else { throw Problem.invalid(single ? "the signal is invalid" : "signals are invalid; none was recorded", errors: errors) }
        if principal.agents != nil, let index = signals.firstIndex(where: { !principal.speaks(for: $0.agent) }) {
            throw Problem.forbidden(
                principal.bindingRefusal(signals[index].agent) + (single ? "" : "; none was recorded"),
                errors: [.init(field: single ? "agent" : "[\(index)].agent", reason: "not an agent this key is bound to")])
        }
        var counts: [String: Int] = [:]
        for signal in signals { counts[signal.agent, default: 0] += 1 }
        // More signals of one agent than a burst holds would get 429 forever: say so once, by name.
        if let (agent, count) = counts.lazy.filter({ Double($0.value) > limit.burst }).min(by: { $0.key < $1.key }) {
            let field = single ? "agent" : "[\(signals.firstIndex { $0.agent == agent } ?? 0)].agent"
            throw Problem.invalid(
                "signals are invalid; none was recorded",
                errors: [.init(
                    field: field,
                    reason: "\(count) signals of agent '\(agent)' in one request; at most \(Int(limit.burst)) of one agent fit (remediation.signals.ratePerAgentPerSecond is \(settings.ratePerAgentPerSecond), bursts of twice that): send them in smaller batches")])
        }
        if let refusal = limit.take(counts, tenant: principal.tenant) {
            throw Problem(
                .tooManyRequests,
                detail: "agent '\(refusal.agent)' is sending signals faster than \(settings.ratePerAgentPerSecond) per second; none was recorded",
                errors: [.init(field: "agent", reason: "'\(refusal.agent)' is over remediation.signals.ratePerAgentPerSecond; retry after \(refusal.waitSeconds) s")],
                retryAfterSeconds: refusal.waitSeconds)
        }
        let receipts: [SignalIntake.Receipt]
        do { receipts = try await intake.ingest(signals, tenant: principal.tenant, actor: principal.actor) } catch { throw Problem.wrap(error) }
        let views = receipts.map(Self.view)
        if single, let first = views.first { return try JSONResponse.make(first, status: .accepted) }
        return try JSONResponse.make(["accepted": .int(Int64(receipts.count)), "results": .array(views)], status: .accepted)
    }

    static func view(_ r: SignalIntake.Receipt) -> JSONValue {
        var view: [String: JSONValue] = [
            "agent": .string(r.agent), "state": .string(r.state.rawValue), "applied": .bool(r.applied), "problem": .bool(r.problem),
            "incident": r.incident.map(JSONValue.string) ?? .null,
        ]
        if let note = r.registered { view["registered"] = .string(note) }
        return .object(view)
    }
}
