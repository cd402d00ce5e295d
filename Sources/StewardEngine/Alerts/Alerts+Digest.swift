public import StewardCore

/// The daily alert digest: made on demand for the last 24 hours, and sent once a day through the
/// notification webhook (`alert.digest_sent` in the ledger, a marker row per day so it goes once).
extension Alerts {
    static let digests = "alert_digests"

    /// The digest of the alerts raised in the 24 hours before `to` (default: now, inclusive).
    public func digest(tenant: String, to: Timestamp? = nil) async throws(StoreError) -> AlertDigest {
        // The period is [from, to); "now" includes an alert raised this very millisecond.
        let end = to ?? clock.now().adding(milliseconds: 1)
        let start = end.adding(milliseconds: -86_400_000)
        var query = LedgerQuery(afterSeq: 0, kinds: ["alert.raised"], limit: 1_000)
        query.from = start
        query.to = end
        var records: [AlertRecord] = []
        while true {
            let page = try await store.ledger(tenant: tenant, query: query)
            for row in page.rows {
                guard let payload = try? JSONReader.parse(row.canonicalPayload),
                      let record = try? JSONValueDecoder.decode(AlertRecord.self, from: payload) else { continue }
                records.append(record)
            }
            guard let next = page.nextCursor else { break }
            query.afterSeq = next
        }
        var digest = AlertDigest.of(records, tenant: tenant, from: start, to: end)
        digest.unpagedEscalations = try await unpagedEscalations(tenant: tenant, from: start, to: end)
        digest.unpagedActions = try await unpagedActions(tenant: tenant)
        return digest
    }

    /// The actions waiting for a person whose escalation did not page, oldest first.
    func unpagedActions(tenant: String) async throws(StoreError) -> [AlertDigest.UnpagedAction] {
        var found: [AlertDigest.UnpagedAction] = []
        var after: String?
        while true {
            let rows = try await store.projections(ProjectionQuery(
                tenant: tenant, collection: SpineRows.actions, status: ActionStatus.pendingApproval.rawValue, afterID: after, limit: 1_000))
            for row in rows {
                guard let record = try? JSONValueDecoder.decode(ActionRecord.self, from: row.body),
                      let escalation = record.decision.escalation, !escalation.pages else { continue }
                let p = record.proposal
                found.append(AlertDigest.UnpagedAction(
                    id: p.id, type: p.type, agent: p.agent, account: p.account, reason: record.decision.reason, since: record.createdAt))
            }
            guard rows.count == 1_000, let last = rows.last else { break }
            after = last.id
        }
        return found.sorted { ($0.since, $0.id) < ($1.since, $1.id) }
    }

    /// The period's incident escalations that did not page (the daily cap was reached).
    func unpagedEscalations(tenant: String, from: Timestamp, to: Timestamp) async throws(StoreError) -> [AlertDigest.UnpagedEscalation] {
        var query = LedgerQuery(afterSeq: 0, kinds: ["escalation.raised"], limit: 1_000)
        query.from = from
        query.to = to
        var found: [AlertDigest.UnpagedEscalation] = []
        while true {
            let page = try await store.ledger(tenant: tenant, query: query)
            for row in page.rows {
                guard let payload = try? JSONReader.parse(row.canonicalPayload), payload["paged"] == .bool(false),
                      let id = payload["id"]?.stringValue, let incident = payload["incident"]?.stringValue else { continue }
                found.append(AlertDigest.UnpagedEscalation(
                    id: id, agent: payload["agent"]?.stringValue ?? "", incident: incident,
                    summary: payload["summary"]?.stringValue ?? payload["reason"]?.stringValue ?? "", at: row.ts))
            }
            guard let next = page.nextCursor else { break }
            query.afterSeq = next
        }
        return found
    }

    /// Sends the tenant's digest for `day` (`YYYY-MM-DD`, UTC) unless it was sent already; whether
    /// this call sent it.
    public func sendDigest(tenant: String, day: String) async throws(StoreError) -> Bool {
        guard try await store.projection(tenant: tenant, collection: Self.digests, id: day) == nil else { return false }
        let now = clock.now()
        let digest = try await digest(tenant: tenant, to: now)
        let facts: JSONValue = [
            "day": .string(day), "critical": .int(Int64(digest.critical)), "warning": .int(Int64(digest.warning)),
            "groups": .int(Int64(digest.lines.count)), "unpagedEscalations": .int(Int64(digest.unpagedEscalations.count)),
        ]
        let draft: LedgerDraft
        do throws(CanonicalJSONError) {
            draft = try LedgerDraft(tenant: tenant, ts: now, kind: "alert.digest_sent", subject: "digest:\(day)", actor: "steward", payload: facts, configRevision: revision)
        } catch {
            throw StoreError(.invalid, operation: "record the alert digest of \(day)", reason: error.description)
        }
        do {
            // The marker's precondition lets one replica through if two race.
            _ = try await store.commit(StoreCommit(
                drafts: [draft], projections: [.put(ProjectionDocument(tenant: tenant, collection: Self.digests, id: day, body: facts))],
                preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.digests, id: day, expectedVersion: 0)]))
        } catch where error.code == .conflict {
            return false
        }
        await courier.send(Notification(
            kind: "alert.digest", tenant: tenant, subject: "digest:\(day)", payload: digest.json, ts: now, text: digest.markdown))
        return true
    }
}
