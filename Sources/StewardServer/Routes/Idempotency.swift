import HTTPTypes
public import Hummingbird
public import StewardCore

/// `Idempotency-Key` handling shared by every state-changing route: a retried request gets the
/// stored answer, and the same key with a different request is refused with 409.
///
/// A key belongs to the API key that first used it (as Stripe scopes keys to the account and key
/// that sent them): another API key sending the same `Idempotency-Key` is a separate request that
/// passes the route's own checks (role, trigger, agent binding), never a replay of an answer it
/// may not be allowed to see.
public struct Idempotency: Sendable {
    let store: any Store
    let clock: any WallClock

    /// Idempotency over a store.
    public init(store: any Store, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Either the stored response for a retry, or what the route needs to store its own.
    public enum Check: Sendable {
        /// The key was used for this very request: answer as before.
        case replay(Response)
        /// First use (or no key): commit with this record attached, if there is one.
        case proceed(key: String?, requestHash: String)
    }

    /// The key as stored: the API key's id, then the client's key. Key ids are hex digits (or
    /// `no-auth`), never a colon, so two pairs never store alike.
    static func scoped(_ key: String, by principal: Principal) -> String {
        "\(principal.keyID):\(key)"
    }

    /// Looks the request's key up among those `principal` used.
    public func check(_ request: Request, body: [UInt8], principal: Principal) async throws -> Check {
        var hashed = Array("\(request.method.rawValue) \(request.uri.path)\n".utf8)
        // The same JSON written with other key order or spacing is the same request (a client
        // library that re-serializes its retry must not get a 409); other bodies count as bytes.
        if let value = try? JSONReader.parse(body), let canonical = try? CanonicalJSON.encode(value) {
            hashed.append(contentsOf: canonical)
        } else {
            hashed.append(contentsOf: body)
        }
        let requestHash = Digest.sha256Hex(hashed)
        guard let key = request.headers[.idempotencyKey] else { return .proceed(key: nil, requestHash: requestHash) }
        guard (1...255).contains(key.utf8.count) else {
            throw Problem.invalid("invalid Idempotency-Key", errors: [.init(field: "Idempotency-Key", reason: "must be 1 to 255 bytes")])
        }
        if let stored = try await store.idempotencyRecord(tenant: principal.tenant, key: Self.scoped(key, by: principal)) {
            return .replay(try Self.response(for: stored, key: key, requestHash: requestHash))
        }
        return .proceed(key: key, requestHash: requestHash)
    }

    /// The record to commit with the route's changes.
    public func record(key: String?, requestHash: String, principal: Principal, status: HTTPResponse.Status, body: [UInt8]) -> IdempotencyRecord? {
        key.map {
            IdempotencyRecord(
                tenant: principal.tenant, key: Self.scoped($0, by: principal), requestHash: requestHash, status: status.code,
                response: body, createdAt: clock.now())
        }
    }

    /// After a commit lost a race for the same key: the winner's answer, or 409.
    public func afterConflict(key: String, requestHash: String, principal: Principal) async throws -> Response {
        guard let stored = try await store.idempotencyRecord(tenant: principal.tenant, key: Self.scoped(key, by: principal)) else {
            throw Problem.conflict("Idempotency-Key '\(key)' is in use by a request still in flight")
        }
        return try Self.response(for: stored, key: key, requestHash: requestHash)
    }

    static func response(for stored: IdempotencyRecord, key: String, requestHash: String) throws -> Response {
        guard stored.requestHash == requestHash else {
            throw Problem.conflict("Idempotency-Key '\(key)' was already used with a different request")
        }
        var response = Response(
            status: HTTPResponse.Status(code: stored.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: stored.response)))
        response.headers[.idempotentReplayed] = "true"
        return response
    }
}
