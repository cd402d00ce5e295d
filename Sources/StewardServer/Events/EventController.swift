public import Hummingbird
public import StewardCore
public import StewardEngine
import HTTPTypes
import ServiceLifecycle

/// `GET /v1/events`: the caller's ledger as it grows, as Server-Sent Events.
///
/// Each event's `id` is the entry's sequence number, so a client that reconnects with
/// `Last-Event-ID` (browsers do it by themselves) resumes exactly after the last entry it saw.
/// Commits in this process wake the stream at once; a short timer also looks for entries that
/// another replica wrote.
public struct EventController: Sendable {
    let store: any Store
    let bell: LedgerBell
    /// How often the stream looks for entries written elsewhere.
    let lookInterval: Duration
    /// How long the stream may stay silent before it sends a keep-alive comment.
    let keepAliveInterval: Duration
    /// How often the stream asks again whether its key or session still holds.
    let credentialInterval: Duration

    /// The stream over `store`, woken by `bell`.
    public init(
        store: any Store, bell: LedgerBell, lookInterval: Duration = .seconds(2), keepAliveInterval: Duration = .seconds(15),
        credentialInterval: Duration = .seconds(5)
    ) {
        self.store = store
        self.bell = bell
        self.lookInterval = lookInterval
        self.keepAliveInterval = keepAliveInterval
        self.credentialInterval = credentialInterval
    }

    /// Adds the route.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/events", use: events)
    }

    @Sendable func events(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator, for: .read)
        var query = Query(request)
        let after = query.integer("after")
        let kinds = query.text("kind").map { $0.split(separator: ",").map(String.init) }
        let lastEventID = request.headers[.lastEventID]
        if let lastEventID, Int64(lastEventID) == nil {
            query.errors.append(.init(field: "Last-Event-ID", reason: "must be a ledger sequence number"))
        }
        try query.finish()
        let tenant = principal.tenant
        let head: Int64
        do { head = try await store.head(tenant: tenant).seq } catch { throw Problem.wrap(error) }
        let resume = lastEventID.flatMap { Int64($0) }.map { (field: "Last-Event-ID", seq: $0) } ?? after.map { (field: "after", seq: $0) }
        // A cursor past the head (another database's, or a typo) would wait in silence for entries
        // that may never come: it is refused, naming where the ledger ends.
        if let resume, resume.seq > head {
            throw Problem.invalid(
                "the ledger ends at sequence \(head); \(resume.field) \(resume.seq) is beyond it",
                errors: [.init(field: resume.field, reason: "is beyond the ledger's head (\(head)); resume from \(head) or lower")])
        }
        let start = resume?.seq ?? head
        let stream = EventStream(
            store: store, bell: bell, tenant: tenant, kinds: kinds, start: start, lookInterval: lookInterval, keepAliveInterval: keepAliveInterval,
            credentialHolds: context.credentialHolds, credentialInterval: credentialInterval)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .accelBuffering: "no"],
            body: ResponseBody { writer in
                try await stream.run { text in try await writer.write(ByteBuffer(string: text)) }
                try await writer.finish(nil)
            })
    }
}

/// One client's stream: reads entries after its cursor whenever the bell rings or the timer looks.
struct EventStream: Sendable {
    let store: any Store
    let bell: LedgerBell
    let tenant: String
    let kinds: [String]?
    let start: Int64
    let lookInterval: Duration
    let keepAliveInterval: Duration
    /// Asked every `credentialInterval`: a revoked key or an expired session ends the stream.
    let credentialHolds: (@Sendable () async -> Bool)?
    let credentialInterval: Duration

    /// Writes events until the client goes away, the server shuts down, or the caller's key is
    /// revoked or its session ends (then a last `revoked` event says so).
    func run(write: (String) async throws -> Void) async throws {
        let subscription = bell.listen(tenant: tenant)
        let timer = Task { [lookInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: lookInterval)
                subscription.poke()
            }
        }
        defer {
            timer.cancel()
            subscription.finish()
        }
        try await withGracefulShutdownHandler {
            try await write("retry: 2000\n\n")
            var cursor = start
            var silentSince = ContinuousClock.now
            var checkedAt = ContinuousClock.now
            for await _ in subscription.wakes {
                if let credentialHolds, ContinuousClock.now - checkedAt >= credentialInterval {
                    guard await credentialHolds() else {
                        try await write("event: revoked\ndata: {\"reason\":\"the key was revoked or the session ended; sign in again\"}\n\n")
                        return
                    }
                    checkedAt = .now
                }
                let page = try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: cursor, kinds: kinds, limit: 500))
                if page.rows.isEmpty {
                    if ContinuousClock.now - silentSince >= keepAliveInterval {
                        try await write(": keep-alive\n\n")
                        silentSince = .now
                    }
                    continue
                }
                var text = ""
                for row in page.rows {
                    text += try Self.event(row)
                    cursor = row.seq
                }
                try await write(text)
                silentSince = .now
                if page.nextCursor != nil { subscription.poke() }  // more are waiting: read on at once
            }
        } onGracefulShutdown: {
            timer.cancel()
            subscription.finish()
        }
    }

    /// One entry in the event-stream format: its sequence number as the id, the entry as JSON.
    static func event(_ row: StoredLedgerRow) throws -> String {
        let json = try CanonicalJSON.encode(JSONValueEncoder.encode(row.entry()))
        return "id: \(row.seq)\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
    }
}
