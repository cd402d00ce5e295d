/// The formats `steward ledger export` and `GET /v1/ledger/export` write.
public enum LedgerExportFormat: String, Sendable, CaseIterable {
    /// One canonical JSON object per line, including `prevHash` and `hash`, so the file can be
    /// re-verified outside Steward.
    case jsonl
    /// RFC 4180 CSV with a header row; `payload` holds the canonical JSON text.
    case csv

    /// The media type of the format.
    public var contentType: String {
        switch self {
        case .jsonl: "application/x-ndjson"
        case .csv: "text/csv; charset=utf-8"
        }
    }
}

/// Writes ledger rows in an export format, page by page, so memory stays flat for any size.
public enum LedgerExport {
    /// The CSV header row.
    public static let csvHeader = "tenant,seq,ts,kind,subject,actor,configRevision,prevHash,hash,payload\r\n"

    /// Streams a tenant's ledger (optionally filtered) to `write`, one chunk per page. A time
    /// window is exported as a contiguous run of the chain (``chainRun(_:store:tenant:)``).
    public static func export(
        store: some Store, tenant: String, format: LedgerExportFormat, query: LedgerQuery = LedgerQuery(limit: 5000),
        write: (ArraySlice<UInt8>) async throws -> Void
    ) async throws {
        if format == .csv { try await write(ArraySlice(csvHeader.utf8)) }
        guard var query = try await chainRun(query, store: store, tenant: tenant) else { return }
        while true {
            let page = try await store.ledger(tenant: tenant, query: query)
            var chunk: [UInt8] = []
            chunk.reserveCapacity(page.rows.count * 400)
            for row in page.rows { append(row, format: format, into: &chunk) }
            if !chunk.isEmpty { try await write(chunk[...]) }
            guard let next = page.nextCursor else { return }
            query.afterSeq = next
        }
    }

    /// `query` with its time window turned into sequence numbers: from the first entry appended
    /// at or after `from`, every entry up to the first one at or after `to`. Entries of one group
    /// commit are stamped when they were prepared, so a `ts` can be a few milliseconds earlier than
    /// the entry before it; filtering on `ts` alone left holes that no anchor could verify across
    /// (QA r7 audit H1). Nil when nothing was appended in the window.
    public static func chainRun(_ query: LedgerQuery, store: some Store, tenant: String) async throws -> LedgerQuery? {
        var run = query
        func firstSeq(atOrAfter time: Timestamp) async throws -> Int64? {
            try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: query.afterSeq, throughSeq: query.throughSeq, from: time, limit: 1)).rows.first?.seq
        }
        if let from = query.from {
            guard let first = try await firstSeq(atOrAfter: from) else { return nil }
            run.afterSeq = max(run.afterSeq, first - 1)
            run.from = nil
        }
        if let to = query.to {
            if let end = try await firstSeq(atOrAfter: to) {
                guard end - 1 > run.afterSeq else { return nil }
                run.throughSeq = min(run.throughSeq ?? .max, end - 1)
            }
            run.to = nil
        }
        return run
    }

    /// Appends one row in the given format, with its line ending.
    public static func append(_ row: StoredLedgerRow, format: LedgerExportFormat, into out: inout [UInt8]) {
        switch format {
        case .jsonl:
            // The entry's canonical bytes with `hash` and `prevHash` spliced in at their sorted places.
            out.append(contentsOf: #"{"actor":"#.utf8)
            CanonicalJSON.writeString(row.actor, into: &out)
            out.append(contentsOf: #","configRevision":"#.utf8)
            CanonicalJSON.writeString(row.configRevision, into: &out)
            out.append(contentsOf: #","hash":"#.utf8)
            CanonicalJSON.writeString(row.hash, into: &out)
            out.append(contentsOf: #","kind":"#.utf8)
            CanonicalJSON.writeString(row.kind, into: &out)
            out.append(contentsOf: #","payload":"#.utf8)
            out.append(contentsOf: row.canonicalPayload)
            out.append(contentsOf: #","prevHash":"#.utf8)
            CanonicalJSON.writeString(row.prevHash, into: &out)
            out.append(contentsOf: #","seq":"#.utf8)
            out.append(contentsOf: String(row.seq).utf8)
            out.append(contentsOf: #","subject":"#.utf8)
            CanonicalJSON.writeString(row.subject, into: &out)
            out.append(contentsOf: #","tenant":"#.utf8)
            CanonicalJSON.writeString(row.tenant, into: &out)
            out.append(contentsOf: #","ts":"#.utf8)
            CanonicalJSON.writeString(row.ts.rfc3339, into: &out)
            out.append(contentsOf: "}\n".utf8)
        case .csv:
            let fields = [row.tenant, String(row.seq), row.ts.rfc3339, row.kind, row.subject, row.actor, row.configRevision, row.prevHash, row.hash]
            for field in fields {
                CSVField.append(field, into: &out, neutralizingFormulas: false)
                out.append(UInt8(ascii: ","))
            }
            row.canonicalPayload.withUnsafeBufferPointer { CSVField.append(bytes: $0, into: &out) }
            out.append(contentsOf: "\r\n".utf8)
        }
    }
}
