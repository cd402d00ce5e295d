public import StewardCore

/// An approved action on its way to an executor: who asked, what to do and the key that makes a
/// repeated delivery harmless.
public struct ExecutionRequest: Sendable, Hashable {
    /// The action's id.
    public var actionID: String
    /// The tenant the action belongs to.
    public var tenant: String
    /// The agent that proposed it.
    public var agent: String
    /// The account it acts on, if any.
    public var account: String?
    /// The action type, e.g. `restart_service`.
    public var type: String
    /// The parameters the agent proposed.
    public var params: JSONValue
    /// The key the receiver uses to recognise a repeated delivery of the same action.
    public var idempotencyKey: String
    /// Whether running the action twice is harmless; only then are failed deliveries retried.
    public var idempotent: Bool
    /// How many times the engine has handed this action to an executor before, starting at 0.
    public var attempt: Int

    /// Creates a request.
    public init(
        actionID: String, tenant: String, agent: String, account: String?, type: String, params: JSONValue,
        idempotencyKey: String, idempotent: Bool, attempt: Int = 0
    ) {
        self.actionID = actionID
        self.tenant = tenant
        self.agent = agent
        self.account = account
        self.type = type
        self.params = params
        self.idempotencyKey = idempotencyKey
        self.idempotent = idempotent
        self.attempt = attempt
    }

    /// The canonical JSON document an executor delivers: the same bytes on every attempt, so a
    /// signature or a hash of the body is stable.
    public func body() throws(CanonicalJSONError) -> [UInt8] {
        try CanonicalJSON.encode(JSONValue.object([
            "id": .string(actionID),
            "tenant": .string(tenant),
            "agent": .string(agent),
            "account": account.map(JSONValue.string) ?? .null,
            "type": .string(type),
            "params": params,
            "idempotencyKey": .string(idempotencyKey),
        ]))
    }
}
