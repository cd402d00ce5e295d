public import AsyncHTTPClient

/// The HTTP client Steward delivers actions and notifications with. It never follows a redirect:
/// a followed 302 turns the signed POST into a body-less GET sent, with its signature and
/// idempotency key, to whatever host `Location` names, and that host's 2xx would pass for the
/// agent's. A 3xx is reported as what it is instead (``SignedPost``).
public enum DeliveryClient {
    /// Connections kept open to one receiver; deliveries beyond them wait in ``DeliveryLanes``.
    static let connectionsPerHost = 16

    /// One client for the process (a global, so it is never deinitialised unshut).
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
