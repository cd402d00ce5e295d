// The yardstick for `POST /v1/actions` under load (docs/performance.md, "Action spine over HTTP"):
// a bare Hummingbird 2 route that reads the body, decodes the same proposal JSON Steward accepts
// with Foundation's JSONDecoder (the params as StewardCore's JSONValue) and answers 201 with a
// small JSON body. Nothing is stored, nothing is authenticated, no middleware.
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

var logger = Logger(label: "bare-action-route")
logger.logLevel = .warning
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "BareActionRoute"),
    logger: logger)
try await app.runService()
