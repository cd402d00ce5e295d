/// A state row: the current state of one thing (an agent, an action, an API key), kept as a JSON
/// document beside the ledger entry that last changed it.
public struct ProjectionDocument: Sendable, Hashable {
    /// The tenant it belongs to.
    public var tenant: String
    /// What kind of thing it is (`agents`, `actions`, `api_keys`).
    public var collection: String
    /// Its identifier within the collection.
    public var id: String
    /// An indexed status for filtering (`pending_approval`, `healthy`), if the collection has one.
    public var status: String?
    /// An indexed reference for filtering (the agent or account it concerns), if any.
    public var ref: String?
    /// The state itself.
    public var body: JSONValue
    /// Incremented on every write; preconditions compare against it.
    public var version: Int64

    /// A document; `version` is assigned by the store on write.
    public init(
        tenant: String, collection: String, id: String, status: String? = nil, ref: String? = nil,
        body: JSONValue, version: Int64 = 0
    ) {
        self.tenant = tenant
        self.collection = collection
        self.id = id
        self.status = status
        self.ref = ref
        self.body = body
        self.version = version
    }
}

/// A change to state rows, applied in the transaction of its commit.
public enum ProjectionChange: Sendable, Hashable {
    /// Insert or replace the document, bumping its version.
    case put(ProjectionDocument)
    /// Remove the document if present.
    case remove(tenant: String, collection: String, id: String)
    /// Add to counters of the document (creating it), failing the commit past a limit.
    case tally(Tally)
}

/// A condition on a state row that must hold when the commit is applied.
public struct ProjectionPrecondition: Sendable, Hashable {
    /// The tenant of the row.
    public var tenant: String
    /// Its collection.
    public var collection: String
    /// Its id.
    public var id: String
    /// The version it must have; 0 means it must not exist yet.
    public var expectedVersion: Int64

    /// A precondition on one row's version.
    public init(tenant: String, collection: String, id: String, expectedVersion: Int64) {
        self.tenant = tenant
        self.collection = collection
        self.id = id
        self.expectedVersion = expectedVersion
    }
}

/// How to list state rows of a collection.
public struct ProjectionQuery: Sendable, Hashable {
    /// The tenant.
    public var tenant: String
    /// The collection.
    public var collection: String
    /// Only rows with this status.
    public var status: String?
    /// Only rows with this reference.
    public var ref: String?
    /// Only rows whose id sorts after this one (the cursor of the previous page).
    public var afterID: String?
    /// At most this many rows.
    public var limit: Int

    /// A query of one collection, ordered by id.
    public init(
        tenant: String, collection: String, status: String? = nil, ref: String? = nil,
        afterID: String? = nil, limit: Int = 100
    ) {
        self.tenant = tenant
        self.collection = collection
        self.status = status
        self.ref = ref
        self.afterID = afterID
        self.limit = limit
    }
}
