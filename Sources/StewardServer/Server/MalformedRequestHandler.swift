import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP parser refused (a head past ``RequestHeadLimits/parser``, or bytes
/// that are not HTTP) with a problem document, then closes the connection.
///
/// Hummingbird answers a parser error with an empty 400 and offers no hook before it; this
/// handler sits after the parser and catches the error first. It only answers between requests:
/// while a response is under way the error is passed on as before, so two responses never mix.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests whose head was read and whose response has not ended.
    private var unanswered = 0
    /// Set once this handler answered: the connection is closing and later errors are noise.
    private var answered = false

    /// A handler for one connection.
    init() {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { unanswered += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(0, unanswered - 1) }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if answered { return }
        guard let parserError = error as? HTTPParserError, unanswered == 0 else {
            context.fireErrorCaught(error)
            return
        }
        answered = true
        let problem = Self.problem(for: parserError)
        let body = problem.bytes
        let head = HTTPResponse(status: problem.status, headerFields: [
            .contentType: "application/problem+json", .contentLength: String(body.count), .connection: "close",
            // As on every answer (ResponseHeadersMiddleware); there is no request id, as no request was read.
            .contentTypeOptions: "nosniff", .cacheControl: "no-store",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        // The parser cannot go on after an error, so the answer is the connection's last. Only the
        // sending side closes: the rest of the oversized head is still read (and dropped), because
        // closing with unread bytes would reset the connection and the client might never see the
        // answer. The client's close, or the idle timeout, ends the connection.
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(mode: .output, promise: nil) }
    }

    /// 431 for a head too large (the parser no longer knows whether the target or a header was at
    /// fault), 400 for anything else it could not read.
    static func problem(for error: HTTPParserError) -> Problem {
        if error == .headerOverflow {
            return Problem(
                .requestHeaderFieldsTooLarge,
                detail: "the request line and header fields are over \(RequestHeadLimits.parser) bytes; "
                    + "the limits are \(RequestHeadLimits.target) bytes for the target and \(RequestHeadLimits.field) for one header field")
        }
        return Problem(.badRequest, detail: "the request is not valid HTTP/1.1 (\(explanation(of: error)))")
    }

    /// What the parser's error means for whoever wrote the request, in the header's terms where
    /// the parser says which; its own name otherwise.
    static func explanation(of error: HTTPParserError) -> String {
        switch error {
        case .invalidContentLength: "the Content-Length header is not a valid length, or is sent with a Transfer-Encoding"
        case .unexpectedContentLength: "a Content-Length where none may be"
        case .invalidChunkSize: "a chunk size that is not a hexadecimal number"
        case .lfExpected: "a line that does not end with CRLF"
        case .invalidHeaderToken: "a header field name or value with a character it may not hold"
        case .unknown, .strictModeAssertion:
            "the framing could not be read: for example a chunk size that is not hexadecimal, a chunk without its CRLF, "
                + "or Content-Length together with Transfer-Encoding"
        default: "\(error)"
        }
    }
}
