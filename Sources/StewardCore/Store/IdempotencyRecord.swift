/// The stored answer to a request made with an `Idempotency-Key`, so a retry gets the same answer
/// and nothing is done twice.
public struct IdempotencyRecord: Sendable, Hashable {
    /// The tenant that made the request.
    public var tenant: String
    /// The key as stored: the client's `Idempotency-Key` within the scope of the API key that
    /// sent it (the HTTP layer prefixes the key's id), so one client cannot replay another's answer.
    public var key: String
    /// SHA-256 of the request (method, path and body): the same key with another request is refused.
    public var requestHash: String
    /// The HTTP status of the stored response.
    public var status: Int
    /// The stored response body.
    public var response: [UInt8]
    /// When the request was first answered.
    public var createdAt: Timestamp

    /// A record to store with a commit.
    public init(tenant: String, key: String, requestHash: String, status: Int, response: [UInt8], createdAt: Timestamp) {
        self.tenant = tenant
        self.key = key
        self.requestHash = requestHash
        self.status = status
        self.response = response
        self.createdAt = createdAt
    }
}
