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
    /// The receiver answered with a redirect, which Steward does not follow: it got the request,
    /// but what it did with it is unknown, and retrying the same URL cannot change that.
    case redirected(status: Int, location: String?)

    /// Whether the receiver accepted the delivery.
    var succeeded: Bool {
        if case .answered(let status, _) = self { return (200..<300).contains(status) }
        return false
    }

    /// Which failures another attempt within the same delivery may fix.
    enum Retries: Sendable {
        /// An action: a 5xx, a 429 (the agent throttles), a timeout, an unreachable receiver.
        case action
        /// A notification: a 5xx or an unreachable receiver. Its receivers do not throttle, and
        /// one that timed out may still be taking the page: the outbox tries again later with a
        /// longer timeout rather than sending it three times within a second.
        case notification
    }

    /// Whether another attempt might succeed: the receiver was busy, broken or out of reach.
    func isTransient(_ retries: Retries) -> Bool {
        switch self {
        case .answered(let status, _): status >= 500 || (retries == .action && status == 429)
        case .timedOut: retries == .action
        case .unreachable: true
        case .invalid, .redirected: false
        }
    }

    /// The HTTP status, when there was an answer.
    var statusCode: Int? {
        switch self {
        case .answered(let status, _), .redirected(let status, _): status
        default: nil
        }
    }

    /// One sentence naming `who` answered or failed, e.g. "agent answered 503".
    func detail(receiver who: String) -> String {
        switch self {
        case .answered(let status, _): "\(who) answered \(status)"
        case .timedOut(let ms): "timed out after \(ms) ms"
        case .unreachable(let reason): "could not reach \(who): \(reason)"
        case .invalid(let reason): reason
        case .redirected(let status, let location):
            "\(who) answered \(status), a redirect\(location.map { " to \($0)" } ?? ""): it received the request, but Steward does not "
                + "follow redirects, so how it went is unknown: give the final URL"
        }
    }
}
