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

    /// Streams a tenant's ledger (optionally filtered) to `write`, one chunk per page.
    public static func export(
        store: some Store, tenant: String, format: LedgerExportFormat, query: LedgerQuery = LedgerQuery(limit: 5000),
        write: (ArraySlice<UInt8>) async throws -> Void
    ) async throws {
        if format == .csv { try await write(ArraySlice(csvHeader.utf8)) }
        var query = query
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
