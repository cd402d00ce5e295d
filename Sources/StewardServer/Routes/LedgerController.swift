public import Hummingbird
import Foundation
public import StewardCore

/// The audit trail: `GET /v1/ledger`, `/v1/ledger/verify` and `/v1/ledger/export`, always of the
/// caller's own tenant.
public struct LedgerController: Sendable {
    let store: any Store

    /// Ledger routes over a store.
    public init(store: any Store) { self.store = store }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/ledger", use: list)
        router.get("/v1/ledger/verify", use: verify)
        router.get("/v1/ledger/export", use: export)
    }

    /// A page of entries, filtered by kind, subject and time, with the cursor of the next page.
    @Sendable func list(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator, for: .read)
        let query = try Self.query(from: request.uri.queryParameters, defaultLimit: 100, alsoKnown: [])
        let page = try await store.ledger(tenant: principal.tenant, query: query)
        var entries: [JSONValue] = []
        entries.reserveCapacity(page.rows.count)
        for row in page.rows { entries.append(try JSONValueEncoder.encode(row.entry())) }
        let body: JSONValue = [
            "entries": .array(entries),
            "nextCursor": page.nextCursor.map { .string(String($0)) } ?? .null,
        ]
        return try JSONResponse.make(body)
    }

    /// Recomputes the caller's chain; with `expectHead=SEQ:HASH`, a head recorded earlier, the
    /// chain must still hold that entry.
    @Sendable func verify(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator, for: .read)
        var query = Query(request)
        var expected: ExpectedHead?
        if let text = query.typed("expectHead", expecting: "give SEQ:HASH") {
            expected = ExpectedHead(text)
            if expected == nil { query.errors.append(.init(field: "expectHead", reason: "must be \(ExpectedHead.form)")) }
        }
        try query.finish()
        var result = try await LedgerAudit.verify(store: store, tenant: principal.tenant)
        if let expected { result = try await LedgerAudit.check(result, against: expected, store: store) }
        return try JSONResponse.make(JSONValueEncoder.encode(result), status: .ok)
    }

    /// Streams the caller's ledger as JSONL (default) or CSV.
    @Sendable func export(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator, for: .read)
        let params = request.uri.queryParameters
        let formatName = params["format"].map(String.init) ?? "jsonl"
        guard let format = LedgerExportFormat(rawValue: formatName) else {
            throw Problem.invalid("unknown export format", errors: [.init(field: "format", reason: "must be jsonl or csv, not '\(formatName)'")])
        }
        var filters = try Self.query(from: params, defaultLimit: 5000, alsoKnown: ["format"])
        filters.limit = 5000
        let query = filters
        let store = self.store
        let tenant = principal.tenant
        let body = ResponseBody { writer in
            try await LedgerExport.export(store: store, tenant: tenant, format: format, query: query) { chunk in
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        let fileName = "steward-ledger-\(tenant).\(format.rawValue)"
        return Response(
            status: .ok,
            headers: [.contentType: format.contentType, .contentDisposition: "attachment; filename=\"\(fileName)\""],
            body: body)
    }

    /// The filters `query(from:)` reads.
    static let filterNames = ["after", "kind", "subject", "from", "to", "limit"]

    /// Reads `after`, `kind` (repeatable or comma-separated), `subject`, `from`, `to` and `limit`.
    /// With `alsoKnown`, any other parameter is refused: a misspelt filter (`?agent=`) must not
    /// silently widen an audit query to every entry.
    static func query(from params: Parameters, defaultLimit: Int, alsoKnown: [String]? = nil) throws -> LedgerQuery {
        var query = LedgerQuery(limit: defaultLimit)
        var errors: [Problem.FieldError] = []
        if let alsoKnown {
            let known = filterNames + alsoKnown
            for name in Set(params.map { String($0.key) }).sorted() where !known.contains(name) {
                errors.append(Query.unknown(name, among: known))
            }
        }
        // A parameter given twice would be read as one of its values: said instead (kind is a list).
        for name in ["after", "subject", "from", "to", "limit"] where params.getAll(name).count > 1 {
            errors.append(.init(field: name, reason: "must be given once"))
        }
        if let after = params["after"] {
            // Digits only: `+5` or ` 5` is not a sequence number as openapi.yaml writes it.
            if after.allSatisfy(\.isASCII) && after.allSatisfy(\.isNumber), let value = Int64(after), value >= 0 {
                query.afterSeq = value
            } else {
                errors.append(.init(field: "after", reason: "must be a sequence number"))
            }
        }
        let kindParams = params.getAll("kind")
        // "a, b" as a person writes a list: the spaces are no part of a kind (QA r9 console M2:
        // every kind after the first matched nothing, in the page and its exports).
        let kinds = kindParams.flatMap {
            $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if kinds.contains(where: \.isEmpty) {
            errors.append(.init(field: "kind", reason: "must name a kind of entry (an empty one matches nothing)"))
        } else if !kinds.isEmpty {
            query.kinds = kinds
        }
        if let subject = params["subject"] {
            if subject.isEmpty { errors.append(.init(field: "subject", reason: "must not be empty (it would match nothing)")) } else { query.subject = String(subject) }
        }
        for name in ["from", "to"] {
            guard let text = params[name[...]] else { continue }
            guard let ts = Timestamp(rfc3339: String(text)) else {
                errors.append(.init(field: name, reason: "must be an RFC 3339 date-time such as 2026-11-21T00:00:00Z"))
                continue
            }
            if name == "from" { query.from = ts } else { query.to = ts }
        }
        if let from = query.from, let to = query.to, from > to {
            errors.append(.init(field: "from", reason: "must not be after to (\(to.rfc3339))"))
        }
        if let limit = params["limit"] {
            if let value = Int(limit), (1...1000).contains(value) { query.limit = value } else { errors.append(.init(field: "limit", reason: "must be 1 to 1000")) }
        }
        if !errors.isEmpty { throw Problem.invalid("invalid query parameters", errors: errors) }
        return query
    }
}

/// JSON responses written in canonical form.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) throws -> Response {
        var bytes = try CanonicalJSON.encode(value)
        bytes.append(UInt8(ascii: "\n"))
        return make(bytes: bytes, status: status)
    }

    static func make(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
