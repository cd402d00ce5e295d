import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
@testable import StewardServer

/// The loose edges a security review found: a body in a charset other than UTF-8, a compressed
/// body Steward would not decompress, and a target or header too long to read. Each is refused
/// with a problem document naming the part at fault.
@Suite("Request edges")
struct RequestEdgeTests {
    static let proposal = #"{"type":"create_internal_note","agent":"CRO","account":"acme"}"#

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String, _ body: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> RequestRefusalTests.Answer {
        var headers = extra
        headers[.authorization] = "Bearer \(key)"
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        #expect(response.status.code < 400 || response.headers[.contentType] == "application/problem+json", "\(uri)")
        let bytes = Array(response.body.readableBytesView)
        return .init(status: response.status, headers: response.headers, body: bytes.isEmpty ? .null : try JSONReader.parse(bytes))
    }

    @Test func aCharsetOtherThanUTF8Is415NamingIt() async throws {
        try await RequestRefusalTests().withApp { keys, client in
            let refused: [(String, String, String)] = [
                ("/v1/actions", "application/json; charset=utf-16", "utf-16"),
                ("/v1/actions", #"application/json;Charset="UTF-16LE""#, "utf-16le"),
                ("/v1/actions", "application/json; charset=ISO-8859-1", "iso-8859-1"),
                ("/v1/signals", "application/x-ndjson; charset=utf-32", "utf-32"),
            ]
            for (path, type, charset) in refused {
                let answer = try await Self.send(client, .post, path, key: keys.agent, Self.proposal, headers: [.contentType: type])
                #expect(answer.status == .unsupportedMediaType, "\(type)")
                #expect(answer.fields == ["Content-Type"], "\(type)")
                #expect(answer.body["detail"]?.stringValue?.contains(charset) == true, "\(type)")
                #expect(answer.reasons.first?.contains(charset) == true, "\(type)")
            }
            for type in ["application/json; charset=UTF-8", #"application/json; charset="utf-8""#, "application/json; charset=us-ascii"] {
                let kept = try await Self.send(client, .post, "/v1/actions", key: keys.agent, Self.proposal, headers: [.contentType: type])
                #expect(kept.status == .created, "\(type)")
            }
            let lines = try await Self.send(
                client, .post, "/v1/signals", key: keys.agent, "{}\n", headers: [.contentType: "application/x-ndjson; charset=utf-8"])
            #expect(lines.status != .unsupportedMediaType)
            // The media type in other letter cases is NDJSON still, read line by line (QA r4 fuzz L2).
            let shouted = try await Self.send(
                client, .post, "/v1/signals", key: keys.agent, "{}\n{}\n", headers: [.contentType: "Application/X-NDJSON"])
            #expect(shouted.status == .unprocessableContent && shouted.fields.contains("[1].agent"), "\(shouted.body)")
        }
    }

    @Test func aCompressedBodyIs415SayingOnlyIdentityIsAccepted() async throws {
        try await RequestRefusalTests().withApp { keys, client in
            // A transfer coding Steward cannot undo is not read as plain bytes (QA r4 fuzz L3).
            let gzipped = try await Self.send(
                client, .post, "/v1/actions", key: keys.agent, Self.proposal, headers: [.transferEncoding: "gzip, chunked"])
            #expect(gzipped.status == .notImplemented && gzipped.fields == ["Transfer-Encoding"], "\(gzipped.body)")
            for coding in ["gzip", "br", "identity, gzip", "DEFLATE"] {
                let answer = try await Self.send(client, .post, "/v1/actions", key: keys.agent, Self.proposal, headers: [.contentEncoding: coding])
                #expect(answer.status == .unsupportedMediaType, "\(coding)")
                #expect(answer.fields == ["Content-Encoding"], "\(coding)")
                #expect(answer.body["detail"]?.stringValue?.contains("only identity is accepted") == true, "\(coding)")
            }
            let plain = try await Self.send(client, .post, "/v1/actions", key: keys.agent, Self.proposal, headers: [.contentEncoding: "identity"])
            #expect(plain.status == .created)
            // Without a body there is nothing encoded to misread.
            let listed = try await Self.send(client, .get, "/v1/actions", key: keys.agent, headers: [.contentEncoding: "gzip"])
            #expect(listed.status == .ok)
        }
    }

    @Test func aTargetOrHeaderTooLongIs414Or431NamingIt() async throws {
        try await RequestRefusalTests().withApp { keys, client in
            let long = String(repeating: "a", count: 100_000)
            for uri in ["/v1/actions?agent=\(long)", "/v1/agents/\(long)"] {
                let answer = try await Self.send(client, .get, uri, key: keys.agent)
                #expect(answer.status == .uriTooLong)
                #expect(answer.fields == ["target"])
                #expect(answer.body["detail"]?.stringValue?.contains("the request target (path and query) is") == true)
            }
            let keyed = try await Self.send(client, .post, "/v1/actions", key: keys.agent, Self.proposal, headers: [.idempotencyKey: long])
            #expect(keyed.status == .requestHeaderFieldsTooLarge)
            #expect(keyed.fields == ["Idempotency-Key"])
            #expect(keyed.body["detail"]?.stringValue?.contains("the Idempotency-Key header is") == true)
            // Just under the limits is read as before (the key's own limit is 255 bytes, a 422).
            let within = try await Self.send(
                client, .post, "/v1/actions", key: keys.agent, Self.proposal,
                headers: [.idempotencyKey: String(repeating: "k", count: RequestHeadLimits.field - 20)])
            #expect(within.status == .unprocessableContent && within.fields == ["Idempotency-Key"])
            // A target just under its limit is read, and its 8,000-letter agent refused by the naming rule.
            let listed = try await Self.send(client, .get, "/v1/actions?agent=\(String(repeating: "a", count: 8000))", key: keys.agent)
            #expect(listed.status == .unprocessableContent && listed.fields == ["agent"])
        }
    }
}
