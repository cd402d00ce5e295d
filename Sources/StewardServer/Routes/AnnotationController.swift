import Foundation
public import Hummingbird
public import StewardCore
public import StewardEngine

/// `POST /v1/annotations`: a person or tool writes a note into the audit trail ("deployed CRO
/// v2", "kill-switch drill started"), so later readers of the ledger see the context of decisions.
public struct AnnotationController: Sendable {
    let store: any Store
    let clock: any WallClock
    let configRevision: String
    let idempotency: Idempotency
    let subjects: SubjectBinding

    /// Annotation routes; `spine` and `remediator` tell whose an `action:` or `incident:` subject is.
    public init(store: any Store, clock: any WallClock, configRevision: String, spine: ActionSpine, remediator: Remediator) {
        self.store = store
        self.clock = clock
        self.configRevision = configRevision
        self.idempotency = Idempotency(store: store, clock: clock)
        self.subjects = SubjectBinding(spine: spine, remediator: remediator)
    }

    /// Adds the route.
    public func register(on router: Router<StewardRequestContext>) {
        router.post("/v1/annotations", use: create)
    }

    @Sendable func create(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent)
        let raw = try await RequestBody.collect(request, context: context)
        switch try await idempotency.check(request, body: raw, principal: principal) {
        case .replay(let response):
            return response
        case .proceed(let key, let requestHash):
            let (text, subject, labels) = try Self.annotation(raw, tenant: principal.tenant)
            try await subjects.require(subject, for: principal)
            var generator = SystemRandomNumberGenerator()
            let id = "ann_" + Digest.hex((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
            var payload: [String: JSONValue] = ["id": .string(id), "text": .string(text)]
            if let labels { payload["labels"] = .object(labels.mapValues { .string($0) }) }
            let now = clock.now()
            let draft = try LedgerDraft(
                tenant: principal.tenant, ts: now, kind: "annotation.recorded", subject: subject, actor: principal.actor,
                payload: .object(payload), configRevision: configRevision)
            // The answer does not depend on where the entry lands, so it is stored with the entry in
            // one commit: a retry after a crash either finds both or neither.
            let answer = try Self.answer(id: id, ts: now, subject: subject)
            let record = idempotency.record(key: key, requestHash: requestHash, principal: principal, status: .created, body: answer)
            let commit = StoreCommit(drafts: [draft], idempotency: record)
            let failure: StoreError?
            do {
                _ = try await store.commit(commit)
                failure = nil
            } catch {
                failure = error
            }
            if let failure {
                guard failure.code == .idempotencyConflict, let key else { throw failure }
                return try await idempotency.afterConflict(key: key, requestHash: requestHash, principal: principal)
            }
            return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: answer)))
        }
    }

    /// The annotation's text, subject and labels, or a 422 naming every offending field.
    static func annotation(_ raw: [UInt8], tenant: String) throws -> (text: String, subject: String, labels: [String: String]?) {
        var fields = try JSONFields(raw)
        let text = fields.string("text", required: true, maxLength: 4000)
        if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fields.add([.init(field: "text", reason: "must be 1 to 4000 characters")])
        }
        let subject = fields.string("subject", maxLength: 200)
        if subject?.isEmpty == true { fields.add([.init(field: "subject", reason: "must be 1 to 200 characters")]) }
        // A subject is a key readers filter and audit by: it must read as it is stored.
        if let subject, subject.hasControlCharacter || subject.hasBidiOverride {
            fields.add([.init(field: "subject", reason: "must not hold control characters or bidirectional overrides")])
        } else if let first = subject?.first, "=+-@".contains(first) {
            // The ledger's CSV export keeps fields exact (for verification); a subject a spreadsheet
            // would run as a formula never gets into it.
            fields.add([.init(field: "subject", reason: "must not start with '=', '+', '-' or '@' (a spreadsheet would read it as a formula)")])
        }
        let labels = fields.stringMap("labels")
        if let labels, labels.count > 20 || labels.contains(where: { $0.key.count > 64 || $0.value.count > 256 }) {
            fields.add([.init(field: "labels", reason: "at most 20 labels, keys up to 64 and values up to 256 characters")])
        }
        try fields.finish("annotation")
        return (text ?? "", subject ?? "tenant:\(tenant)", labels)
    }

    static func answer(id: String, ts: Timestamp, subject: String) throws -> [UInt8] {
        var bytes = try CanonicalJSON.encode([
            "id": .string(id), "ts": .string(ts.rfc3339), "subject": .string(subject), "kind": "annotation.recorded",
        ] as JSONValue)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}

/// Reading request bodies within the configured limit.
enum RequestBody {
    static func collect(_ request: Request, context: StewardRequestContext) async throws -> [UInt8] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return Array(buffer.readableBytesView)
    }

    /// Refuses a body on an operation that takes none (400), before it does anything: a client
    /// that sent one believed it said something, and nothing would read it. An empty object, which
    /// many clients send by default, says nothing and passes.
    static func requireNone(_ request: Request, context: StewardRequestContext) async throws {
        let said = try await collect(request, context: context).filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard said.isEmpty || said == Array("{}".utf8) else {
            throw Problem.malformed("this operation takes no request body; nothing was done", errors: [.init(field: "body", reason: "must be empty")])
        }
    }
}
