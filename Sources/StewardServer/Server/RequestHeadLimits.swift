public import HummingbirdCore
public import NIOCore

/// How long a request's target and header fields may be, and the HTTP/1 server configuration
/// that applies them.
///
/// Steward's own limits are answered by ``RequestHeadLimitMiddleware`` with 414 or 431 naming the
/// part at fault. The parser's limits sit well above them so that such a request is parsed and
/// reaches that middleware; a head past even the parser's limits is answered by
/// ``MalformedRequestHandler``, which cannot tell the target from a header any more.
public enum RequestHeadLimits {
    /// The longest request target (path and query) read: 8 KiB, as common proxies allow.
    public static let target = 8 * 1024
    /// The longest header field (name and value) read: 8 KiB.
    public static let field = 8 * 1024
    /// The most the HTTP parser takes for the request line and all header fields together.
    public static let parser = 256 * 1024

    /// The HTTP/1 server's configuration: these limits, the malformed-request answer, and the
    /// time after which a silent connection is closed.
    public static func http1(idleTimeout: TimeAmount) -> HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            additionalChannelHandlers: [MalformedRequestHandler()], idleTimeout: idleTimeout,
            httpDecoderConfiguration: .init(maxHeaderFieldSize: parser, maxHeaderListSize: parser))
    }
}
