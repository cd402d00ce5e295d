/// How one signed POST ended, before any retry decision.
enum DeliveryOutcome: Sendable, Hashable {
    /// The receiver answered with a status and (at most the first MiB of) a body.
    case answered(status: Int, body: [UInt8])
    /// No complete answer within the attempt's time limit.
    case timedOut(milliseconds: Int64)
    /// The request could not be made or the connection broke: nothing is known about the receiver.
    case unreachable(reason: String)
    /// The request was refused before sending, e.g. a malformed URL; retrying cannot help.
    case invalid(reason: String)

    /// Whether the receiver accepted the delivery.
    var succeeded: Bool {
        if case .answered(let status, _) = self { return (200..<300).contains(status) }
        return false
    }

    /// Whether another attempt might succeed: the receiver was busy, broken or out of reach.
    /// `retryTooManyRequests` is off for notifications, whose senders do not throttle.
    func isTransient(retryTooManyRequests: Bool) -> Bool {
        switch self {
        case .answered(let status, _): status >= 500 || (retryTooManyRequests && status == 429)
        case .timedOut, .unreachable: true
        case .invalid: false
        }
    }

    /// The HTTP status, when there was an answer.
    var statusCode: Int? {
        if case .answered(let status, _) = self { return status }
        return nil
    }

    /// One sentence naming `who` answered or failed, e.g. "agent answered 503".
    func detail(receiver who: String) -> String {
        switch self {
        case .answered(let status, _): "\(who) answered \(status)"
        case .timedOut(let ms): "timed out after \(ms) ms"
        case .unreachable(let reason): "could not reach \(who): \(reason)"
        case .invalid(let reason): reason
        }
    }
}
