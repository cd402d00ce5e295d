import Logging
import StewardCore

/// The index of actions by agent (``SpineRows/actionAgents``): one row per action with its status,
/// its agent as `ref`, written in the same commit as every change of the action's status. An agent
/// polling its work (`GET /v1/actions?agent=&status=dispatched`) reads its own rows, not every
/// action of the tenant.
enum ActionAgentIndex {
    /// The index row of `record`.
    static func row(of record: ActionRecord) -> ProjectionDocument {
        let p = record.proposal
        return ProjectionDocument(
            tenant: p.tenant, collection: SpineRows.actionAgents, id: p.id, status: record.status.rawValue, ref: p.agent, body: .object([:]))
    }

    /// The ids of `agents`' actions in `status` (any when nil) after `after`, in id order, at most `limit`.
    static func ids(
        of agents: [String], tenant: String, status: ActionStatus?, after: String?, limit: Int, store: any Store
    ) async throws(StoreError) -> [String] {
        var ids: [String] = []
        for agent in Set(agents) {
            let rows = try await store.projections(ProjectionQuery(
                tenant: tenant, collection: SpineRows.actionAgents, status: status?.rawValue, ref: agent, afterID: after, limit: limit))
            ids += rows.map(\.id)
        }
        // Each agent's first `limit` after the cursor hold the first `limit` of them all.
        return Array(ids.sorted().prefix(limit))
    }

    /// The marker row: how far (`through`, an action id) the start-up indexing has gone.
    static let marker = DocumentKey(SpineRows.maintenance, "action-agent-index")

    /// Writes the index rows of the actions stored since the last start's indexing (all of them
    /// the first time): those a build without the index wrote, even while this one ran beside it
    /// on the same database, are indexed at the next start. Ids begin with their creation time,
    /// so what is new lies after `through`. Each page is committed only if none of its actions
    /// changed since it was read, so a replica serving meanwhile cannot leave a stale status behind.
    static func backfill(store: any Store, tenant: String, fromTheStart: Bool, logger: Logger) async throws(StoreError) {
        let done = fromTheStart ? nil : try await store.projection(tenant: tenant, collection: marker.collection, id: marker.id)
        var cursor: String? = done?.body["through"]?.stringValue
        var indexed = 0
        while true {
            let page = try await store.projections(ProjectionQuery(tenant: tenant, collection: SpineRows.actions, afterID: cursor, limit: 500))
            guard !page.isEmpty else { break }
            var commit = StoreCommit()
            for row in page {
                guard let record = try? JSONValueDecoder.decode(ActionRecord.self, from: row.body) else { continue }
                commit.projections.append(.put(Self.row(of: record)))
                commit.preconditions.append(ProjectionPrecondition(tenant: tenant, collection: row.collection, id: row.id, expectedVersion: row.version))
            }
            do {
                _ = try await store.commit(commit)
            } catch let error where error.code == .conflict {
                continue  // an action of the page changed meanwhile: read the page again
            }
            indexed += commit.projections.count
            cursor = page.last?.id
            guard page.count == 500 else { break }
        }
        guard done == nil || cursor != done?.body["through"]?.stringValue else { return }
        var body: [String: JSONValue] = ["indexed": .int(Int64(indexed) + Int64(done?.body["indexed"]?.doubleValue ?? 0))]
        if let cursor { body["through"] = .string(cursor) }
        _ = try await store.commit(StoreCommit(projections: [
            .put(ProjectionDocument(tenant: tenant, collection: marker.collection, id: marker.id, body: .object(body))),
        ]))
        if indexed > 0 { logger.info("indexed stored actions by agent", metadata: ["tenant": "\(tenant)", "actions": "\(indexed)"]) }
    }
}

extension ActionSpine {
    /// Brings the index of actions by agent up to date for every tenant (start-up work): the
    /// actions stored since the last time, or, `fromTheStart`, every one with its status now.
    public func indexActionsByAgent(fromTheStart: Bool = false) async throws(SpineError) {
        do {
            for tenant in try await store.tenants() where !tenant.hasPrefix("_") {
                try await ActionAgentIndex.backfill(store: store, tenant: tenant, fromTheStart: fromTheStart, logger: logger)
            }
        } catch {
            throw .store(error)
        }
    }
}
