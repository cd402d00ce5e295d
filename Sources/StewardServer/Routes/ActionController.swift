import Foundation
public import Hummingbird
public import StewardCore
public import StewardEngine

/// The action spine over HTTP: propose, list, read, approve, reject, report outcomes, and the
/// gate as a dry run.
public struct ActionController: Sendable {
    let spine: ActionSpine
    let idempotency: Idempotency

    /// Action routes over the spine.
    public init(spine: ActionSpine, store: any Store, clock: any WallClock) {
        self.spine = spine
        self.idempotency = Idempotency(store: store, clock: clock)
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.post("/v1/actions", use: propose)
        router.get("/v1/actions", use: list)
        router.get("/v1/actions/:id", use: show)
        router.post("/v1/actions/:id/approve", use: approve)
        router.post("/v1/actions/:id/reject", use: reject)
        router.post("/v1/actions/:id/outcome", use: outcome)
        router.post("/v1/actions/:id/rerun", use: rerun)
        router.post("/v1/decisions/evaluate", use: evaluate)
    }

    @Sendable func propose(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent)
        let raw = try await RequestBody.collect(request, context: context)
        switch try await idempotency.check(request, body: raw, principal: principal) {
        case .replay(let response):
            return response
        case .proceed(let key, let requestHash):
            var fields = try JSONFields(raw)
            let proposal = readProposal(&fields, id: spine.makeID(), tenant: principal.tenant)
            try fields.finish("action proposal")
            guard let proposal else { throw Problem.invalid("the action proposal is invalid", errors: fields.problems) }
            try TriggerPermission.require(proposal.trigger, for: principal)
            guard principal.speaks(for: proposal.agent) else {
                throw Problem.forbidden(principal.bindingRefusal(proposal.agent), errors: [.init(field: "agent", reason: "not an agent this key is bound to")])
            }
            return try await created(key: key, requestHash: requestHash, principal: principal) { answer async throws(SpineError) in
                try await spine.proposeEncoded(proposal, actor: principal.actor, answer: answer)
            }
        }
    }

    /// A settled action's intent proposed again by a person, as a new action (`rerunOf`).
    @Sendable func rerun(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        let raw = try await RequestBody.collect(request, context: context)
        switch try await idempotency.check(request, body: raw, principal: principal) {
        case .replay(let response):
            return response
        case .proceed(let key, let requestHash):
            var fields = try JSONFields(orEmpty: raw)
            let note = fields.string("note")
            try fields.finish("re-run")
            return try await created(key: key, requestHash: requestHash, principal: principal) { answer async throws(SpineError) in
                try await spine.rerun(id, tenant: principal.tenant, by: principal.actor, note: note, answer: answer)
            }
        }
    }

    /// A bound key acts on its own agents' actions only; another agent's action answers as if it
    /// did not exist, as it does to the key's reads.
    private func requireOwnAgent(of id: String, _ principal: Principal) async throws(SpineError) {
        guard principal.agents != nil else { return }
        let agent = try await spine.action(id, tenant: principal.tenant).record.proposal.agent
        guard principal.speaks(for: agent) else { throw .notFound("action '\(id)'") }
    }

    /// A new action as a 201, stored with the request's idempotency record (if it has a key) in the
    /// action's own commit, so a retry of the request answers the same action.
    private func created(
        key: String?, requestHash: String, principal: Principal,
        _ make: ((JSONValue) throws -> IdempotencyRecord?) async throws(SpineError) -> (record: ActionRecord, json: JSONValue)
    ) async throws -> Response {
        do {
            var bytes: [UInt8]?
            let (record, json) = try await make { json in
                guard key != nil else { return nil }
                bytes = try Self.bytes(Self.view(json, id: Self.id(of: json)))
                return idempotency.record(key: key, requestHash: requestHash, principal: principal, status: .created, body: bytes ?? [])
            }
            if let bytes { return JSONResponse.make(bytes: bytes, status: .created) }
            return try JSONResponse.make(Self.view(json, id: record.proposal.id), status: .created)
        } catch let SpineError.store(error) where error.code == .idempotencyConflict && key != nil {
            return try await idempotency.afterConflict(key: key ?? "", requestHash: requestHash, principal: principal)
        } catch {
            throw Problem.wrap(error)
        }
    }

    @Sendable func list(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        // Every filter is checked: an empty or impossible one could only answer an empty page, and
        // an agent polling for its work must not get every status back for a typo.
        var query = Query(request)
        let status = query.choice("status", ActionStatus.self)
        let limit = query.limit()
        let account = query.name("account")
        let agent = query.name("agent")
        let after = query.typed("after", expecting: "give the nextCursor of the previous page")
        if let after, !after.hasPrefix("act_") {
            query.errors.append(.init(field: "after", reason: "must be an action id (act_…), as the previous page's nextCursor gives it"))
        }
        try query.finish()
        try principal.requireReading(agent)
        let read: [ActionRecord]
        do {
            // One more than asked tells whether a next page has anything (no cursor to an empty page).
            read = try await spine.actions(
                tenant: principal.tenant, status: status, account: account, agent: agent, within: principal.boundAgents, after: after, limit: limit + 1)
        } catch { throw Problem.wrap(error) }
        let records = Array(read.prefix(limit))
        let next: JSONValue = read.count > limit ? (records.last.map { .string($0.proposal.id) } ?? .null) : .null
        return try JSONResponse.make(["actions": .array(try records.map(Self.view)), "nextCursor": next])
    }

    @Sendable func show(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let id = try context.parameters.segment("id")
        do {
            let record = try await spine.action(id, tenant: principal.tenant).record
            // Another agent's action is, to a bound key, exactly as absent as one never proposed.
            guard principal.speaks(for: record.proposal.agent) else { throw SpineError.notFound("action '\(id)'") }
            return try JSONResponse.make(Self.view(record))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func approve(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let params = fields.object("params")
        let note = fields.string("note")
        try fields.finish("approval")
        do {
            let record = try await spine.approve(id, tenant: principal.tenant, by: principal.actor, params: params, note: note)
            return try JSONResponse.make(Self.view(record))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func reject(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let reason = fields.string("reason", required: true)
        try fields.finish("rejection")
        do {
            let record = try await spine.reject(id, tenant: principal.tenant, by: principal.actor, reason: reason ?? "")
            return try JSONResponse.make(Self.view(record))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func outcome(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        // The two IDEA_* labels come from a person's decision, never from a report.
        let label = fields.choice("label", among: [OutcomeLabel.executionSucceeded, .executionFailed, .noResponse, .negativeResponse])
        let detail = fields.string("detail")
        let rollback = fields.bool("rollback") ?? false
        try fields.finish("outcome")
        do {
            try await requireOwnAgent(of: id, principal)
            let record = try await spine.recordOutcome(id, tenant: principal.tenant, by: principal.actor, label: label, detail: detail, rollback: rollback)
            return try JSONResponse.make(Self.view(record))
        } catch { throw Problem.wrap(error) }
    }

    /// The gate as a dry run: one proposal, or several `candidates` ranked by expected utility.
    @Sendable func evaluate(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        let raw = try await RequestBody.collect(request, context: context)
        var fields = try JSONFields(raw)
        var proposals: [ActionProposal] = []
        if fields.has("candidates") {
            let items = fields.array("candidates") ?? []
            // Every candidate is read before refusing, so one 422 names every offending field.
            var problems = fields.allProblems("evaluation")
            if fields.problems.isEmpty && (items.isEmpty || items.count > 50) {
                problems.append(.init(field: "candidates", reason: "must list 1 to 50 proposals"))
            }
            for (index, item) in items.prefix(50).enumerated() {
                guard case .object(let members) = item else {
                    problems.append(.init(field: "candidates[\(index)]", reason: "must be a JSON object"))
                    continue
                }
                var candidate = JSONFields(members: members)
                let proposal = readProposal(&candidate, id: "dryrun_\(index)", tenant: principal.tenant)
                problems += candidate.allProblems("candidate").map { .init(field: "candidates[\(index)].\($0.field)", reason: $0.reason) }
                if let proposal { proposals.append(proposal) }
            }
            if !problems.isEmpty { throw Problem.invalid("the evaluation is invalid", errors: problems) }
        } else {
            let proposal = readProposal(&fields, id: "dryrun", tenant: principal.tenant)
            try fields.finish("action proposal")
            if let proposal { proposals.append(proposal) }
        }
        // A bound key sees only its own agents' gate inputs, as it may propose only for them.
        if let index = proposals.firstIndex(where: { !principal.speaks(for: $0.agent) }) {
            let field = fields.has("candidates") ? "candidates[\(index)].agent" : "agent"
            throw Problem.forbidden(principal.bindingRefusal(proposals[index].agent), errors: [.init(field: field, reason: "not an agent this key is bound to")])
        }
        var results: [JSONValue] = []
        var scored: [ScoredCandidate] = []
        for proposal in proposals {
            do {
                let (input, decision) = try await spine.evaluate(proposal)
                results.append(["proposal": try JSONValueEncoder.encode(proposal), "input": try JSONValueEncoder.encode(input), "decision": try JSONValueEncoder.encode(decision)])
                scored.append(ScoredCandidate(name: proposal.id, utility: decision.utility))
            } catch { throw Problem.wrap(error) }
        }
        if proposals.count == 1, let only = results.first { return try JSONResponse.make(only) }
        let ranked = ScoredCandidate.ranked(scored)
        return try JSONResponse.make([
            "candidates": .array(results),
            "ranking": .array(try ranked.map { try JSONValueEncoder.encode($0) }),
            "best": ranked.first.map { .string($0.name) } ?? .null,
        ])
    }

    /// Reads a proposal's fields; nil when a required one is missing or wrong (recorded in `fields`).
    /// The proposal the fields spell, with the spine's problems with it added to `fields`; nil when
    /// `type` or `agent` could not be read. The spine still checks the fields that were read, so
    /// one 422 names every offending field whichever one is wrong.
    func readProposal(_ fields: inout JSONFields, id: String, tenant: String) -> ActionProposal? {
        let type = fields.string("type", required: true, maxLength: 128)
        let agent = fields.string("agent", required: true, maxLength: 128)
        let account = fields.string("account", maxLength: 128)
        let params = fields.object("params") ?? .object([:])
        let trigger = fields.choice("trigger", ProposalTrigger.self) ?? .agent
        let impact = fields.number("impactPoints")
        let affected = fields.integer("affectedAccounts") ?? 1
        let proposal = ActionProposal(
            id: id, tenant: tenant, agent: agent ?? "", account: account, type: type ?? "", params: params, trigger: trigger,
            impactPoints: impact, affectedAccounts: affected)
        let unread: Set<String> = Set([type == nil ? "type" : nil, agent == nil ? "agent" : nil].compactMap { $0 })
        fields.add(spine.problems(with: proposal).filter { !unread.contains($0.field) })
        return unread.isEmpty ? proposal : nil
    }

    /// An action as the API shows it: the stored record with its id on top.
    static func view(_ record: ActionRecord) throws -> JSONValue {
        view(try JSONValueEncoder.encode(record), id: record.proposal.id)
    }

    /// The API's view of an already encoded record: its id, and `effectiveParams`, the params to
    /// execute (a person's edit if there was one), so an agent reads one field whatever happened.
    static func view(_ json: JSONValue, id: String) -> JSONValue {
        guard case .object(var members) = json else { return json }
        members["id"] = .string(id)
        let edited = members["editedParams"].flatMap { $0 == .null ? nil : $0 }
        members["effectiveParams"] = edited ?? members["proposal"]?["params"] ?? .object([:])
        return .object(members)
    }

    /// The action id inside an encoded record.
    static func id(of json: JSONValue) -> String { json["proposal"]?["id"]?.stringValue ?? "" }

    static func bytes(_ value: JSONValue) throws -> [UInt8] {
        var bytes = try CanonicalJSON.encode(value)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
