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
        let ndjson = request.headers[.contentType].map { $0.contains("ndjson") } ?? false
        let (values, single) = try Self.parse(raw, ndjson: ndjson)
        guard !values.isEmpty else { throw Problem.malformed("the body holds no signal", errors: [.init(field: "body", reason: "holds no signal")]) }
        guard values.count <= Self.maxBatch else {
            throw Problem(.contentTooLarge, detail: "\(values.count) signals in one request; at most \(Self.maxBatch)")
        }
        let now = clock.now()
        var signals: [StatusSignal] = []
        var errors: [Problem.FieldError] = []
        for (index, value) in values.enumerated() {
            switch SignalCheck.read(value, now: now, maxFutureSkewSeconds: settings.maxFutureSkewSeconds) {
            case .success(let signal): signals.append(signal)
            case .failure(let problems):
                errors += problems.problems.map { single ? $0 : $0.inElement(index) }.map { .init(field: $0.field, reason: $0.reason) }
            }
        }
        guard errors.isEmpty else { throw Problem.invalid(single ? "the signal is invalid" : "signals are invalid; none was recorded", errors: errors) }
        var counts: [String: Int] = [:]
        for signal in signals { counts[signal.agent, default: 0] += 1 }
        if let wait = limit.take(counts, tenant: principal.tenant) {
            throw Problem(.tooManyRequests, detail: "an agent is sending signals faster than \(settings.ratePerAgentPerSecond) per second; none was recorded", retryAfterSeconds: wait)
        }
        let receipts: [SignalIntake.Receipt]
        do { receipts = try await intake.ingest(signals, tenant: principal.tenant, actor: principal.actor) } catch { throw Problem.wrap(error) }
        let views = receipts.map(Self.view)
        if single, let first = views.first { return try JSONResponse.make(first, status: .accepted) }
        return try JSONResponse.make(["accepted": .int(Int64(receipts.count)), "results": .array(views)], status: .accepted)
    }

    static func view(_ r: SignalIntake.Receipt) -> JSONValue {
        [
            "agent": .string(r.agent), "state": .string(r.state.rawValue), "applied": .bool(r.applied), "problem": .bool(r.problem),
            "incident": r.incident.map(JSONValue.string) ?? .null,
        ]
    }

    /// The signals in the body and whether it was a single object.
    static func parse(_ raw: [UInt8], ndjson: Bool) throws -> (values: [JSONValue], single: Bool) {
        if ndjson {
            var values: [JSONValue] = []
            var line = 0
            for chunk in raw.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                defer { line += 1 }
                let trimmed = chunk.drop { $0 == 32 || $0 == 13 || $0 == 9 }
                if trimmed.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { continue }
                do { values.append(try JSONReader.parse(Array(chunk))) } catch {
                    throw Problem.malformed("line \(line + 1) is not JSON", errors: [.init(field: "[\(values.count)]", reason: "line \(line + 1): \(error)")])
                }
            }
            return (values, false)
        }
        let value: JSONValue
        do { value = try JSONReader.parse(raw) } catch {
            throw Problem.malformed("the body is not JSON: \(error)", errors: [.init(field: "body", reason: "\(error)")])
        }
        if case .array(let items) = value { return (items, false) }
        return ([value], true)
    }
}
