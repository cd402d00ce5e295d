public import StewardCore
import StewardExpr

/// Tenants and API keys: creating them (each a ledger entry in the tenant's chain) and finding a
/// key's record by id.
public struct Tenancy: Sendable {
    let store: any Store
    let clock: any WallClock
    let configRevision: String

    /// Tenancy over a store; `configRevision` is recorded on the entries it writes.
    public init(store: any Store, clock: any WallClock, configRevision: String) {
        self.store = store
        self.clock = clock
        self.configRevision = configRevision
    }

    /// Whether any tenant exists yet.
    public func hasTenants() async throws(StoreError) -> Bool {
        try await !store.projections(ProjectionQuery(tenant: SystemCollections.namespace, collection: SystemCollections.tenants, limit: 1)).isEmpty
    }

    /// Creates a tenant unless it exists; returns whether it was created.
    @discardableResult
    public func ensureTenant(_ id: String, name: String, actor: String) async throws(TenancyError) -> Bool {
        guard Self.isValidTenantID(id) else {
            throw TenancyError(reason: "tenant id '\(id)' must be 1-64 letters, digits, '-' or '_' and not start with '_'")
        }
        do {
            if try await store.projection(tenant: SystemCollections.namespace, collection: SystemCollections.tenants, id: id) != nil {
                return false
            }
            // Keys need a created tenant, and a chain starts with its creation: either one without
            // the tenant's row means rows were removed. Creating it afresh would start a new, sound
            // chain over the removal and hide it.
            let head = try await store.head(tenant: id)
            let keyed = try await !store.projections(ProjectionQuery(
                tenant: SystemCollections.namespace, collection: SystemCollections.apiKeys, ref: id, limit: 1)).isEmpty
            if head.seq > 0 || keyed {
                // Another replica may have created it between the two reads.
                if try await store.projection(tenant: SystemCollections.namespace, collection: SystemCollections.tenants, id: id) != nil {
                    return false
                }
                throw TenancyError(reason: "tenant '\(id)' has \(head.seq > 0 ? "a ledger of \(head.seq) entries" : "API keys") but no record of its "
                    + "creation: rows were removed from the database; run `steward ledger verify` and restore the database from a backup")
            }
            let now = clock.now()
            let draft = try LedgerDraft(
                tenant: id, ts: now, kind: "tenant.created", subject: "tenant:\(id)", actor: actor,
                payload: ["tenant": .string(id), "name": .string(name)], configRevision: configRevision)
            let row = ProjectionDocument(
                tenant: SystemCollections.namespace, collection: SystemCollections.tenants, id: id,
                body: ["name": .string(name), "createdAt": .string(now.rfc3339)])
            _ = try await store.commit(StoreCommit(
                drafts: [draft], projections: [.put(row)],
                preconditions: [ProjectionPrecondition(tenant: SystemCollections.namespace, collection: SystemCollections.tenants, id: id, expectedVersion: 0)]))
            return true
        } catch let error as StoreError where error.code == .conflict {
            return false  // created concurrently by another replica
        } catch let error as StoreError {
            throw TenancyError(reason: error.description)
        } catch {
            throw TenancyError(reason: "\(error)")
        }
    }

    /// Issues a new key for an existing tenant; the secret exists only in the returned value.
    /// `agents` binds an agent key to the agents it may speak for (nil: any of the tenant's).
    public func issueKey(
        tenant: String, role: Role, name: String, agents: [String]? = nil, actor: String, using generator: inout some RandomNumberGenerator
    ) async throws(TenancyError) -> APIKey {
        if agents != nil && role != .agent { throw TenancyError(reason: "only an agent key can be bound to agents; this one has the \(role.rawValue) role") }
        if let agents, agents.isEmpty { throw TenancyError(reason: "a key bound to agents must name at least one") }
        // The name is who the key is in lists, approvals and `governance.approvers`: printable, and one key's.
        if name.hasControlCharacter || name.hasBidiOverride {
            throw TenancyError(reason: "a key's name must not hold control characters or bidirectional overrides")
        }
        do {
            if try await keys(tenant: tenant).contains(where: { $0.name == name && $0.revokedAt == nil }) {
                throw TenancyError(reason: "tenant '\(tenant)' already has a key named '\(name)'; revoke it first or choose another name")
            }
        } catch let error as TenancyError {
            throw error
        } catch {
            throw TenancyError(reason: "\(error)")
        }
        let key = APIKey.generate(using: &generator)
        let now = clock.now()
        let record = APIKeyRecord(
            id: key.id, tenant: tenant, role: role, name: name, secretHash: key.secretHash, createdAt: now, agents: agents.map { Array(Set($0)).sorted() })
        do {
            guard try await store.projection(tenant: SystemCollections.namespace, collection: SystemCollections.tenants, id: tenant) != nil else {
                let known = try await store.projections(ProjectionQuery(
                    tenant: SystemCollections.namespace, collection: SystemCollections.tenants, limit: 1000)).map(\.id)
                throw TenancyError(reason: "tenant '\(tenant)' does not exist" + Suggestion.hint(for: tenant, among: known))
            }
            let draft = try LedgerDraft(
                tenant: tenant, ts: now, kind: "key.created", subject: "key:\(key.id)", actor: actor,
                payload: Self.keyPayload(record),
                configRevision: configRevision)
            let row = ProjectionDocument(
                tenant: SystemCollections.namespace, collection: SystemCollections.apiKeys, id: key.id, ref: tenant,
                body: try JSONValueEncoder.encode(record))
            _ = try await store.commit(StoreCommit(drafts: [draft], projections: [.put(row)]))
            return key
        } catch let error as TenancyError {
            throw error
        } catch {
            throw TenancyError(reason: "\(error)")
        }
    }

    /// What a key's `key.created` entry records: never its secret or hash.
    static func keyPayload(_ record: APIKeyRecord) -> JSONValue {
        var payload: [String: JSONValue] = ["keyID": .string(record.id), "role": .string(record.role.rawValue), "name": .string(record.name)]
        if let agents = record.agents { payload["agents"] = .array(agents.map(JSONValue.string)) }
        return .object(payload)
    }

    /// The stored record of a key id, if any.
    public func keyRecord(id: String) async throws(StoreError) -> APIKeyRecord? {
        guard let row = try await store.projection(tenant: SystemCollections.namespace, collection: SystemCollections.apiKeys, id: id) else {
            return nil
        }
        do {
            return try JSONValueDecoder.decode(APIKeyRecord.self, from: row.body)
        } catch {
            throw StoreError(.corrupt, operation: "read key \(id)", reason: "\(error)")
        }
    }

    /// Tenant ids are safe in URLs, file names and ledger subjects.
    public static func isValidTenantID(_ id: String) -> Bool {
        guard (1...64).contains(id.count), !id.hasPrefix("_") else { return false }
        return id.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" }
    }
}

/// Creating a tenant or key failed.
public struct TenancyError: Error, Sendable, CustomStringConvertible {
    /// Why.
    public let reason: String
    public var description: String { reason }
}
