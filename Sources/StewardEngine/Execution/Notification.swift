public import StewardCore

/// Something people should hear about: a budget nearing its limit, an escalation, a daily digest.
public struct Notification: Sendable, Hashable, Codable {
    /// What happened, e.g. `budget.warning`, `escalation`, `digest`.
    public var kind: String
    /// The tenant it concerns.
    public var tenant: String
    /// What it is about, e.g. `action:a-17` or `budget:openai`.
    public var subject: String
    /// The details, as the receiver gets them.
    public var payload: JSONValue
    /// When it happened.
    public var ts: Timestamp
    /// A one-line summary for chat tools (Slack-compatible webhooks show `text`).
    public var text: String?
    /// How urgent it is (breaker alerts), for routing.
    public var severity: String?
    /// Slack blocks shown instead of `text` by receivers that understand them.
    public var blocks: JSONValue?

    /// Creates a notification.
    public init(
        kind: String, tenant: String, subject: String, payload: JSONValue, ts: Timestamp, text: String? = nil, severity: String? = nil,
        blocks: JSONValue? = nil
    ) {
        self.text = text
        self.severity = severity
        self.blocks = blocks
        self.kind = kind
        self.tenant = tenant
        self.subject = subject
        self.payload = payload
        self.ts = ts
    }

    /// The canonical JSON document POSTed: `kind`, `tenant`, `subject`, `payload`, `ts` (RFC 3339),
    /// and `text`, `severity` and `blocks` when set.
    public func body() throws(CanonicalJSONError) -> [UInt8] {
        var document: [String: JSONValue] = [
            "kind": .string(kind), "tenant": .string(tenant), "subject": .string(subject), "payload": payload,
            "ts": .string(ts.rfc3339),
        ]
        if let text { document["text"] = .string(text) }
        if let severity { document["severity"] = .string(severity) }
        if let blocks { document["blocks"] = blocks }
        return try CanonicalJSON.encode(JSONValue.object(document))
    }
}

/// How sending a notification ended.
public enum NotificationDelivery: Sendable, Hashable {
    /// The endpoint accepted it with this 2xx status.
    case delivered(status: Int)
    /// It could not be delivered, for the reason given.
    case failed(detail: String)
    /// No notification endpoint is configured, so nothing was sent.
    case notConfigured
}
