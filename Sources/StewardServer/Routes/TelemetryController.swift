public import Hummingbird
public import StewardCore
public import StewardEngine

/// Execution telemetry: `POST /v1/executions` (one record, a JSON array or NDJSON; `dryRun=true`
/// checks and prices without storing), the records
/// back by page or as an NDJSON/CSV export, baselines and reported anomalies.
public struct TelemetryController: Sendable {
    let telemetry: Telemetry
    let store: any Store

    /// The most records one request may carry.
    static let maxBatch = 10_000

    /// Telemetry routes over `telemetry`.
    public init(telemetry: Telemetry, store: any Store) {
        self.telemetry = telemetry
        self.store = store
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.post("/v1/executions", use: ingest)
        router.get("/v1/executions", use: list)
        router.get("/v1/executions/export", use: export)
        router.get("/v1/baselines", use: baselines)
        router.post("/v1/baselines/compute", use: compute)
        router.get("/v1/anomalies", use: anomalies)
        router.get("/v1/quotas", use: quotas)
    }

    /// Every configured provider quota: use today, level, reset and projected exhaustion.
    @Sendable func quotas(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let all: [QuotaStatus]
        do { all = try await telemetry.quotas(tenant: principal.tenant) } catch { throw Problem.wrap(error) }
        return try JSONResponse.make(["quotas": .array(try all.map { try JSONValueEncoder.encode($0) })])
    }

    @Sendable func ingest(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent)
        // Anything but true or false is refused: a misspelt dry run must not store records.
        var q = Query(request)
        let dryRun = q.boolean("dryRun") ?? false
        try q.finish()
        let raw = try await RequestBody.collect(request, context: context)
        let ndjson = MediaTypeMiddleware.isNDJSON(request)
        let items: [Result<JSONSlots, FieldProblem>]
        var single = false
        if ndjson {
            // Each line straight into the record's slots: no dictionary, no String per name.
            items = BatchBody.lines(raw) { bytes, range throws(JSONReadError) in
                try JSONReader.parseFields(bytes, in: range, names: SkillExecution.fieldTable, repeatedNames: .refused).map { .success($0) }
                    ?? .failure(ExecutionCheck.notAnObject)
            }
        } else {
            do {
                let parsed = try BatchBody.parse(raw, ndjson: false)
                items = parsed.values.map(ExecutionCheck.fields(of:))
                single = parsed.single
            } catch {
                // One unreadable record (a number out of range, a repeated field) refuses only
                // itself, as an NDJSON line would; a body that is not an array stays refused whole.
                guard let elements = BatchBody.arrayElements(raw) else { throw error }
                items = elements.map { range in
                    do throws(JSONReadError) {
                        return try JSONReader.parseFields(raw, in: range, names: SkillExecution.fieldTable, repeatedNames: .refused)
                            .map { .success($0) } ?? .failure(ExecutionCheck.notAnObject)
                    } catch {
                        return .failure(FieldProblem(field: error.field ?? "", reason: "is not a readable record: \(error)"))
                    }
                }
            }
        }
        guard !items.isEmpty else { throw Problem.malformed("the body holds no execution record", errors: [.init(field: "body", reason: "holds no record")]) }
        guard items.count <= Self.maxBatch else {
            throw Problem(.contentTooLarge, detail: "\(items.count) records in one request; at most \(Self.maxBatch)")
        }
        let receipt: Telemetry.Receipt
        if dryRun {
            receipt = telemetry.check(items: items)
        } else {
            do { receipt = try await telemetry.ingest(items: items, tenant: principal.tenant, actor: principal.actor) } catch { throw Problem.wrap(error) }
        }
        if single, let refused = receipt.refused.first {
            throw Problem.invalid("the execution record is invalid", errors: refused.problems.map { .init(field: $0.field, reason: $0.reason) })
        }
        if single, let duplicate = receipt.duplicates.first, !duplicate.differs.isEmpty {
            throw Problem(
                .conflict, detail: "execution '\(duplicate.id)' is stored already as a different record; nothing was stored",
                errors: [.init(field: "execution_id", reason: Self.conflict(duplicate.differs))])
        }
        let status: HTTPResponse.Status = receipt.accepted.isEmpty && receipt.duplicates.isEmpty ? .unprocessableContent : .accepted
        return try JSONResponse.make(Self.view(receipt, single: single), status: status)
    }

    static func view(_ r: Telemetry.Receipt, single: Bool) -> JSONValue {
        func located(_ index: Int, _ p: FieldProblem) -> JSONValue {
            let field = single ? p.field : p.inElement(index).field
            return ["field": .string(field), "reason": .string(p.reason)]
        }
        return [
            "accepted": .int(Int64(r.accepted.count)), "duplicates": .int(Int64(r.duplicates.count)), "refused": .int(Int64(r.refused.count)),
            "errors": .array(r.refused.flatMap { item in item.problems.map { located(item.index, $0) } }),
            "warnings": .array(warnings(r, single: single)),
            "duplicateIds": .array(r.duplicates.prefix(1_000).map { .string($0.id) }),
            "anomalies": .array(r.anomalies.map(\.json)),
            "ledgerSeq": r.ledgerSeq.map(JSONValue.int) ?? .null,
        ]
    }

    /// Warnings grouped by field and reason: one line for a thousand unpriced records, with the
    /// first record it applies to and how many.
    static func warnings(_ r: Telemetry.Receipt, single: Bool) -> [JSONValue] {
        var order: [FieldProblem] = []
        var groups: [FieldProblem: (first: Int, count: Int)] = [:]
        for item in r.accepted {
            for warning in item.warnings {
                if let group = groups[warning] {
                    groups[warning] = (group.first, group.count + 1)
                } else {
                    groups[warning] = (item.index, 1)
                    order.append(warning)
                }
            }
        }
        let grouped: [JSONValue] = order.map { warning in
            let group = groups[warning] ?? (0, 1)
            return [
                "field": .string(single ? warning.field : warning.inElement(group.first).field), "reason": .string(warning.reason),
                "records": .int(Int64(group.count)),
            ]
        }
        // An id sent again with other content: an agent reusing ids by mistake would lose
        // executions without a sign.
        let conflicts: [JSONValue] = r.duplicates.lazy.filter { !$0.differs.isEmpty }.prefix(100).map { duplicate in
            let field = FieldProblem(field: "execution_id", reason: "").inElement(duplicate.index).field
            return ["field": .string(field), "reason": .string("'\(duplicate.id)': " + Self.conflict(duplicate.differs)), "records": 1]
        }
        return grouped + conflicts
    }

    /// Why a record sent again under a stored id was not stored.
    static func conflict(_ differs: [String]) -> String {
        "is stored already as a different record (\(differs.joined(separator: ", ")) differ); the stored record stands and "
            + "this one was not stored: send a new execution_id for a new execution"
    }

    /// The filters of a listing or an export (an export streams every match: it takes no `limit`).
    static func filters(_ request: Request, paged: Bool = true) throws -> (query: ExecutionQuery, format: String?) {
        var q = Query(request)
        var query = ExecutionQuery(limit: paged ? q.limit() : 5_000)
        if !paged && q.text("limit") != nil {
            q.errors.append(.init(field: "limit", reason: "an export streams every matching record; page with GET /v1/executions instead"))
        }
        query.after = q.integer("after") ?? 0
        query.skill = q.typed("skill", expecting: "give a skill name")
        (query.from, query.to) = q.period()
        query.succeeded = q.boolean("succeeded")
        let format = q.format()
        try q.finish()
        return (query, format)
    }

    /// A page of records, oldest stored first, with the cursor of the next page.
    @Sendable func list(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        let (query, _) = try Self.filters(request)
        let page = try await store.executions(tenant: principal.tenant, query: query)
        var records: [JSONValue] = []
        records.reserveCapacity(page.rows.count)
        for row in page.rows { records.append(try JSONReader.parse(row.body)) }
        // `nextCursor` as on every other list; `next`, the same value, for clients written before.
        let cursor: JSONValue = page.next.map { .string(String($0)) } ?? .null
        return try JSONResponse.make(["executions": .array(records), "nextCursor": cursor, "next": cursor])
    }

    /// Every matching record, streamed as NDJSON (default; it re-ingests unchanged) or CSV.
    @Sendable func export(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        let (first, formatName) = try Self.filters(request, paged: false)
        guard let format = ExecutionExport.Format(rawValue: formatName ?? "ndjson") else {
            throw Problem.invalid("unknown export format", errors: [.init(field: "format", reason: "must be ndjson or csv, not '\(formatName ?? "")'")])
        }
        let store = self.store, tenant = principal.tenant
        let body = ResponseBody { writer in
            var query = first
            if format == .csv { try await writer.write(ByteBuffer(bytes: ExecutionExport.csvHeader)) }
            while true {
                let page = try await store.executions(tenant: tenant, query: query)
                var out: [UInt8] = []
                out.reserveCapacity(page.rows.count * 600)
                for row in page.rows { ExecutionExport.append(body: row.body, format: format, into: &out) }
                if !out.isEmpty { try await writer.write(ByteBuffer(bytes: out)) }
                guard let next = page.next else { break }
                query.after = next
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: format.contentType, .contentDisposition: "attachment; filename=\"steward-executions-\(tenant).\(format.rawValue)\""],
            body: body)
    }

    /// Every skill's baseline (JSON, or CSV with `format=csv`).
    @Sendable func baselines(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        let format = q.format() ?? "json"
        if format != "json" && format != "csv" { q.errors.append(.init(field: "format", reason: "must be json or csv, not '\(format)'")) }
        try q.finish()
        switch format {
        case "csv":
            let text = try await telemetry.baselinesCSV(tenant: principal.tenant)
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"steward-baselines.csv\""],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        case "json":
            let all = try await telemetry.baselines(tenant: principal.tenant)
            return try JSONResponse.make(["baselines": .array(try all.map { try JSONValueEncoder.encode($0) })])
        default:
            throw Problem.invalid("unknown format", errors: [.init(field: "format", reason: "must be json or csv, not '\(format)'")])
        }
    }

    /// Recomputes baselines now: one skill (`{"skill": ...}`) or every skill with records.
    @Sendable func compute(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let raw = try await RequestBody.collect(request, context: context)
        var fields = try JSONFields(orEmpty: raw)
        let skill = fields.string("skill", maxLength: 128)
        if skill?.isEmpty == true { fields.add([.init(field: "skill", reason: "must not be empty; leave it out for every skill")]) }
        try fields.finish("baseline computation")
        let changes: [Telemetry.BaselineChange]
        do { changes = try await telemetry.computeBaselines(tenant: principal.tenant, skill: skill, actor: principal.actor) } catch { throw Problem.wrap(error) }
        let results: [JSONValue] = try changes.map { change in
            ["skill": .string(change.skill), "outcome": .string(change.outcome), "baseline": try JSONValueEncoder.encode(change.baseline)]
        }
        return try JSONResponse.make(["results": .array(results)])
    }

    /// Reported anomalies, newest last: the `telemetry.anomaly` entries of the ledger, by page,
    /// or as JSONL with `format=jsonl`.
    @Sendable func anomalies(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        var query = LedgerQuery(afterSeq: q.integer("after") ?? 0, kinds: ["telemetry.anomaly"], limit: q.limit())
        query.subject = q.typed("skill", expecting: "give a skill name").map { "skill:\($0)" }
        (query.from, query.to) = q.period()
        let format = q.format() ?? "json"
        if format != "json" && format != "jsonl" { q.errors.append(.init(field: "format", reason: "must be json or jsonl, not '\(format)'")) }
        try q.finish()
        if format == "jsonl" {
            query.limit = 5_000
            let store = self.store, tenant = principal.tenant, first = query
            let body = ResponseBody { writer in
                try await LedgerExport.export(store: store, tenant: tenant, format: .jsonl, query: first) { chunk in
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/x-ndjson", .contentDisposition: "attachment; filename=\"steward-anomalies.jsonl\""],
                body: body)
        }
        let page = try await store.ledger(tenant: principal.tenant, query: query)
        let items: [JSONValue] = page.rows.map { row in
            var item = (try? JSONReader.parse(row.canonicalPayload)) ?? .null
            if case .object(var fields) = item {
                fields["seq"] = .int(row.seq)
                item = .object(fields)
            }
            return item
        }
        return try JSONResponse.make(["anomalies": .array(items), "nextCursor": page.nextCursor.map { .string(String($0)) } ?? .null])
    }
}
