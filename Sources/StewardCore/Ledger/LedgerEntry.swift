/// One sealed entry of a tenant's hash-chained ledger.
///
/// `hash = SHA-256(prevHash ‖ canonical JSON of the entry)`, where the canonical JSON covers every
/// field below except `prevHash` and `hash` (see docs/ledger.md and ``LedgerHash``).
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// The tenant whose chain this entry belongs to.
    public var tenant: String
    /// Position in the tenant's chain, starting at 1, without gaps.
    public var seq: Int64
    /// When the entry was appended.
    public var ts: Timestamp
    /// What happened, as a dotted name (`signal.received`, `action.decided`, `kill_switch.engaged`).
    public var kind: String
    /// What it happened to (`agent:CRO`, `action:42`, `tenant:default`).
    public var subject: String
    /// Who caused it (`key:ab12cd34`, `steward`, `scheduler`).
    public var actor: String
    /// The facts of the event.
    public var payload: JSONValue
    /// Content hash of the configuration in force, so a decision can be replayed against its rules.
    public var configRevision: String
    /// Hash of the previous entry (64 zeros for the first entry of a chain).
    public var prevHash: String
    /// This entry's hash.
    public var hash: String

    /// A sealed entry as read back from a store.
    public init(
        tenant: String, seq: Int64, ts: Timestamp, kind: String, subject: String, actor: String,
        payload: JSONValue, configRevision: String, prevHash: String, hash: String
    ) {
        self.tenant = tenant
        self.seq = seq
        self.ts = ts
        self.kind = kind
        self.subject = subject
        self.actor = actor
        self.payload = payload
        self.configRevision = configRevision
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// An entry not yet appended: the store gives it a sequence number and seals it into the chain.
public struct LedgerDraft: Sendable, Hashable {
    /// The tenant whose chain it joins.
    public var tenant: String
    /// When it happened.
    public var ts: Timestamp
    /// What happened.
    public var kind: String
    /// What it happened to.
    public var subject: String
    /// Who caused it.
    public var actor: String
    /// The facts, already in canonical JSON (encoded once, outside the store's transaction).
    public var canonicalPayload: [UInt8]
    /// The configuration revision in force.
    public var configRevision: String

    /// A draft from a JSON payload; fails only for a non-finite number in the payload.
    public init(
        tenant: String, ts: Timestamp, kind: String, subject: String, actor: String,
        payload: JSONValue, configRevision: String
    ) throws(CanonicalJSONError) {
        self.tenant = tenant
        self.ts = ts
        self.kind = kind
        self.subject = subject
        self.actor = actor
        self.canonicalPayload = try CanonicalJSON.encode(payload)
        self.configRevision = configRevision
    }

    /// A draft whose payload is an Encodable domain value.
    public init(
        tenant: String, ts: Timestamp, kind: String, subject: String, actor: String,
        encoding payload: some Encodable, configRevision: String
    ) throws(CanonicalJSONError) {
        try self.init(
            tenant: tenant, ts: ts, kind: kind, subject: subject, actor: actor,
            payload: JSONValueEncoder.encode(payload), configRevision: configRevision)
    }
}

/// The newest entry of a chain: where the next append links to.
public struct LedgerHead: Sendable, Hashable, Codable {
    /// Sequence number of the newest entry (0 for an empty chain).
    public var seq: Int64
    /// Hash of the newest entry (``LedgerHash/genesis`` for an empty chain).
    public var hash: String

    /// The head of a chain with no entries yet.
    public static let empty = LedgerHead(seq: 0, hash: LedgerHash.genesis)

    /// A head at a given position.
    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}
