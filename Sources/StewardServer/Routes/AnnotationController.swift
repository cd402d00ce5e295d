import Foundation
public import Hummingbird
public import StewardCore

/// `POST /v1/annotations`: a person or tool writes a note into the audit trail ("deployed CRO
/// v2", "kill-switch drill started"), so later readers of the ledger see the context of decisions.
public struct AnnotationController: Sendable {
    let store: any Store
    let clock: any WallClock
    let configRevision: String
    let idempotency: Idempotency

    /// Annotation routes.
    public init(store: any Store, clock: any WallClock, configRevision: String) {
        self.store = store
        self.clock = clock
        self.configRevision = configRevision
        self.idempotency = Idempotency(store: store, clock: clock)
    }

    /// Adds the route.
    public func register(on router: Router<StewardRequestContext>) {
        router.post("/v1/annotations", use: create)
    }

    /// The request body.
    struct Body: Decodable {
        var text: String
        var subject: String?
        var labels: [String: String]?
    }

    @Sendable func create(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent)
        let raw = try await RequestBody.collect(request, context: context)
        switch try await idempotency.check(request, body: raw, tenant: principal.tenant) {
        case .replay(let response):
            return response
        case .proceed(let key, let requestHash):
            let body = try RequestBody.decode(Body.self, from: raw)
            var errors: [Problem.FieldError] = []
            if body.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || body.text.count > 4000 {
                errors.append(.init(field: "text", reason: "must be 1 to 4000 characters"))
            }
            let subject = body.subject ?? "tenant:\(principal.tenant)"
            if subject.isEmpty || subject.count > 200 { errors.append(.init(field: "subject", reason: "must be 1 to 200 characters")) }
            if let labels = body.labels, labels.count > 20 || labels.contains(where: { $0.key.count > 64 || $0.value.count > 256 }) {
                errors.append(.init(field: "labels", reason: "at most 20 labels, keys up to 64 and values up to 256 characters"))
            }
            if !errors.isEmpty { throw Problem.invalid("the annotation is invalid", errors: errors) }
            var generator = SystemRandomNumberGenerator()
            let id = "ann_" + Digest.hex((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
            var payload: [String: JSONValue] = ["id": .string(id), "text": .string(body.text)]
            if let labels = body.labels { payload["labels"] = .object(labels.mapValues { .string($0) }) }
            let now = clock.now()
            let draft = try LedgerDraft(
                tenant: principal.tenant, ts: now, kind: "annotation.recorded", subject: subject, actor: principal.actor,
                payload: .object(payload), configRevision: configRevision)
            // The answer does not depend on where the entry lands, so it is stored with the entry in
            // one commit: a retry after a crash either finds both or neither.
            let answer = try Self.answer(id: id, ts: now, subject: subject)
            let record = idempotency.record(key: key, requestHash: requestHash, tenant: principal.tenant, status: .created, body: answer)
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
                return try await idempotency.afterConflict(key: key, requestHash: requestHash, tenant: principal.tenant)
            }
            return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: answer)))
        }
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

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ProblemMiddleware.problem(for: error)
        }
    }
}
