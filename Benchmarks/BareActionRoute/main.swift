// The yardstick for `POST /v1/actions` and `POST /v1/signals` under load (docs/performance.md,
// "Action spine over HTTP", "Self-healing"): bare Hummingbird 2 routes that read the body, decode
// the same JSON Steward accepts with Foundation's JSONDecoder (a signal, or NDJSON lines of
// signals) and answer with a small JSON body. Nothing is stored, nothing is authenticated, no
// middleware.
//
//   swift build -c release --product BareActionRoute   (from Benchmarks/)
//   .build/release/BareActionRoute 18081
import Foundation
import Hummingbird
import Logging
import StewardCore

/// The proposal as an agent sends it.
struct Proposal: Decodable {
    var type: String
    var agent: String
    var account: String?
    var params: JSONValue?
}

let arguments = CommandLine.arguments
guard arguments.count >= 2, let port = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: BareActionRoute PORT\n".utf8))
    exit(2)
}

let router = Router()
router.post("/v1/actions") { request, context -> Response in
    let buffer = try await request.body.collect(upTo: 1_048_576)
    let proposal = try JSONDecoder().decode(Proposal.self, from: Data(buffer.readableBytesView))
    var id = "act_"
    for _ in 0..<8 { id += String(UInt8.random(in: 0...255), radix: 16) }
    let body = #"{"id":"\#(id)","type":"\#(proposal.type)","agent":"\#(proposal.agent)","status":"dispatched"}"# + "\n"
    return Response(
        status: .created, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: body)))
}

/// A status signal as agents send it (seed 001 §2).
struct Signal: Decodable {
    struct Metrics: Decodable {
        var successRate: Double
        var alignment: Double
        var backlogAgeMinutes: Double
        var costBurnRatePerHour: Double?
    }
    struct Context: Decodable {
        var directiveId: String?
        var errorCode: String?
        var queueDepth: Int?
        var dependencies: [String]?
    }
    var agent: String
    var status: String
    var lastReport: String?
    var metrics: Metrics
    var context: Context?
    var ts: String
}

router.post("/v1/signals") { request, context -> Response in
    let buffer = try await request.body.collect(upTo: 4_194_304)
    let bytes = Array(buffer.readableBytesView)
    var count = 0
    var last = ""
    for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
        let signal = try JSONDecoder().decode(Signal.self, from: Data(line))
        last = signal.agent
        count += 1
    }
    let body = count == 1
        ? #"{"agent":"\#(last)","state":"Healthy","applied":true,"problem":false}"# + "\n"
        : #"{"accepted":\#(count)}"# + "\n"
    return Response(status: .accepted, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
}

var logger = Logger(label: "bare-action-route")
logger.logLevel = .warning
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "BareActionRoute"),
    logger: logger)
try await app.runService()
