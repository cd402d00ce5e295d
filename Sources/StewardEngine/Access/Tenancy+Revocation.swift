public import StewardCore

extension Tenancy {
    /// Every key of `tenant`, revoked ones too, in id order (records only: never a secret).
    public func keys(tenant: String) async throws(StoreError) -> [APIKeyRecord] {
        try await keyRecords(tenant: tenant)
    }

    /// The tenants with at least one unrevoked key, in name order.
    public func tenantsWithLiveKeys() async throws(StoreError) -> [String] {
        Set(try await keyRecords(tenant: nil).filter { $0.revokedAt == nil }.map(\.tenant)).sorted()
    }

    /// The key records of `tenant`, or of every tenant when nil.
    private func keyRecords(tenant: String?) async throws(StoreError) -> [APIKeyRecord] {
        var records: [APIKeyRecord] = []
        var after: String?
        while true {
            let page = try await store.projections(ProjectionQuery(
                tenant: SystemCollections.namespace, collection: SystemCollections.apiKeys, ref: tenant, afterID: after, limit: 500))
            for row in page {
                do {
                    records.append(try JSONValueDecoder.decode(APIKeyRecord.self, from: row.body))
                } catch {
                    throw StoreError(.corrupt, operation: "read key \(row.id)", reason: "\(error)")
                }
            }
            guard page.count == 500, let last = page.last else { return records }
            after = last.id
        }
    }

    /// Revokes key `id` (from then on it authenticates nothing; a server that cached it stops
    /// accepting it within its cache time), recorded as `key.revoked` in the key's tenant chain.
    /// A key already revoked, or unknown, is refused and nothing is written.
    public func revokeKey(id: String, reason: String?, actor: String) async throws(TenancyError) -> APIKeyRecord {
        do {
            guard let row = try await store.projection(tenant: SystemCollections.namespace, collection: SystemCollections.apiKeys, id: id) else {
                throw TenancyError(reason: "no key with id '\(id)' (the id is the 12 hex digits after 'stw_'; `steward keys list` shows them)")
            }
            var record = try JSONValueDecoder.decode(APIKeyRecord.self, from: row.body)
            if let at = record.revokedAt { throw TenancyError(reason: "key '\(id)' was revoked already, at \(at.rfc3339)") }
            let now = clock.now()
            record.revokedAt = now
            var payload: [String: JSONValue] = ["keyID": .string(id), "role": .string(record.role.rawValue), "name": .string(record.name)]
            if let reason { payload["reason"] = .string(reason) }
            let draft = try LedgerDraft(
                tenant: record.tenant, ts: now, kind: "key.revoked", subject: "key:\(id)", actor: actor, payload: .object(payload),
                configRevision: configRevision)
            let updated = ProjectionDocument(
                tenant: SystemCollections.namespace, collection: SystemCollections.apiKeys, id: id, ref: record.tenant,
                body: try JSONValueEncoder.encode(record))
            _ = try await store.commit(StoreCommit(
                drafts: [draft], projections: [.put(updated)],
                preconditions: [ProjectionPrecondition(
                    tenant: SystemCollections.namespace, collection: SystemCollections.apiKeys, id: id, expectedVersion: row.version)]))
            return record
        } catch let error as TenancyError {
            throw error
        } catch let error as StoreError where error.code == .conflict {
            throw TenancyError(reason: "key '\(id)' changed while it was being revoked; run the command again")
        } catch {
            throw TenancyError(reason: "\(error)")
        }
    }
}
