public import AsyncHTTPClient
public import Logging
public import StewardCore

/// Delivers an approved action to its agent as a signed JSON POST (the `http` executor).
///
/// Every attempt carries the same `Idempotency-Key` and a fresh signature. Only idempotent actions
/// are retried, and only when the agent was out of reach, too slow, broken (5xx) or busy (429):
/// any other answer is the agent's decision and stands.
public struct HTTPActionExecutor: Sendable {
    let post: SignedPost
    let secret: @Sendable (String) async -> [UInt8]?

    /// An executor sending through `client`; `secret` returns a tenant's signing secret, or nil to
    /// send unsigned; deliveries wait their turn to a receiver in `lanes`.
    public init(client: HTTPClient, secret: @escaping @Sendable (String) async -> [UInt8]?, logger: Logger, lanes: DeliveryLanes = .shared) {
        self.post = SignedPost(client: client, logger: logger, lanes: lanes)
        self.secret = secret
    }

    /// Delivers `request` as `spec` says. Never throws: a failure is a result with `succeeded == false`.
    public func execute(_ request: ExecutionRequest, spec: HTTPExecutorSpec) async -> ExecutionResult {
        let clock = ContinuousClock()
        let start = clock.now
        let body: [UInt8]
        do {
            body = try request.body()
        } catch {
            return ExecutionResult(succeeded: false, detail: "could not encode the action: \(error)", attempts: 0, durationMilliseconds: 0)
        }
        let url = URLTemplate.expand(spec.url, for: request)
        let (outcome, attempts) = await post.deliver(
            url: url, body: body, secret: await secret(request.tenant), idempotencyKey: request.idempotencyKey,
            timeout: .milliseconds(max(1, spec.timeoutMilliseconds)),
            maxAttempts: request.idempotent ? 1 + max(0, spec.retries) : 1,
            backoff: .milliseconds(max(0, spec.backoffMilliseconds)), retries: .action)

        var detail = outcome.detail(receiver: "agent")
        if attempts > 1 { detail += " (attempt \(attempts))" }
        let result = ExecutionResult(
            succeeded: outcome.succeeded, detail: detail, response: Self.response(outcome), statusCode: outcome.statusCode,
            attempts: attempts, durationMilliseconds: (clock.now - start).wholeMilliseconds)
        if !result.succeeded {
            post.logger.warning("http executor failed", metadata: [
                "action": "\(request.actionID)", "tenant": "\(request.tenant)", "type": "\(request.type)",
                "url": "\(url)", "attempts": "\(attempts)", "detail": "\(detail)",
            ])
        }
        return result
    }

    private static func response(_ outcome: DeliveryOutcome) -> JSONValue? {
        if case .answered(_, let body) = outcome { return ExecutionResult.parsedResponse(body) }
        return nil
    }
}
