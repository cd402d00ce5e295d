/// How an approved action reaches the world.
public enum ExecutorSpec: Sendable, Hashable {
    /// POST the action as JSON to the agent, signed, with an idempotency key.
    case http(HTTPExecutorSpec)
    /// Run a program with the action as JSON on standard input.
    case command(CommandExecutorSpec)
    /// Steward changes its own state (see ``BuiltinAction``).
    case builtin(name: String)
    /// The agent executes the action itself and reports the outcome back.
    case record
    /// Whatever executor the acting agent declares in `agents[].executor` (`record` when it declares none).
    case agent

    /// The longest one execution can take, retries and backoff included; nil when the agent
    /// reports back (`record`) or Steward acts at once (`builtin`).
    public var longestRunMilliseconds: Int64? {
        switch self {
        case .http(let spec):
            let attempts = Int64(spec.retries + 1)
            let backoff = (0..<spec.retries).reduce(Int64(0)) { sum, n in sum + Int64(spec.backoffMilliseconds) << Int64(n) }
            return attempts * Int64(spec.timeoutMilliseconds) + backoff
        case .command(let spec):
            return Int64(spec.timeoutMilliseconds) + 1_000  // the grace between SIGTERM and SIGKILL
        case .builtin, .record, .agent:
            return nil
        }
    }

    /// The executor's kind as written in steward.yaml.
    public var kind: String {
        switch self {
        case .http: "http"
        case .command: "command"
        case .builtin: "builtin"
        case .record: "record"
        case .agent: "agent"
        }
    }
}

/// The `http` executor: where to POST and how patiently.
public struct HTTPExecutorSpec: Sendable, Hashable, Codable {
    /// The names a URL template may hold between braces, each replaced by the action's value.
    public static let placeholders = ["tenant", "agent", "account", "type", "id"]
    /// A URL template; `{tenant}`, `{agent}`, `{account}`, `{type}` and `{id}` are replaced, percent-encoded.
    public var url: String
    /// How long one attempt may take, in milliseconds.
    public var timeoutMilliseconds: Int
    /// Further attempts after a failed one; only idempotent action types retry.
    public var retries: Int
    /// The wait before the first retry, doubled for each further one, in milliseconds.
    public var backoffMilliseconds: Int

    private enum CodingKeys: String, CodingKey {
        case url, timeoutMilliseconds = "timeoutMs", retries, backoffMilliseconds = "backoffMs"
    }

    /// Creates an http executor.
    public init(url: String, timeoutMilliseconds: Int = 10_000, retries: Int = 2, backoffMilliseconds: Int = 500) {
        self.url = url
        self.timeoutMilliseconds = timeoutMilliseconds
        self.retries = retries
        self.backoffMilliseconds = backoffMilliseconds
    }
}

/// The `command` executor: a program, run without a shell.
public struct CommandExecutorSpec: Sendable, Hashable, Codable {
    /// The program and its arguments; the first element is an absolute path or a name on PATH.
    public var argv: [String]
    /// How long the program may run, in milliseconds, before it is killed.
    public var timeoutMilliseconds: Int

    private enum CodingKeys: String, CodingKey {
        case argv, timeoutMilliseconds = "timeoutMs"
    }

    /// Creates a command executor.
    public init(argv: [String], timeoutMilliseconds: Int = 30_000) {
        self.argv = argv
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}

/// Written as steward.yaml writes it: `{kind: http, url: ..., timeoutMs: ...}`.
extension ExecutorSpec: Codable {
    private enum CodingKeys: String, CodingKey { case kind, name }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "http": self = .http(try HTTPExecutorSpec(from: decoder))
        case "command": self = .command(try CommandExecutorSpec(from: decoder))
        case "builtin": self = .builtin(name: try c.decode(String.self, forKey: .name))
        case "record": self = .record
        case "agent": self = .agent
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown executor kind '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .http(let spec): try spec.encode(to: encoder)
        case .command(let spec): try spec.encode(to: encoder)
        case .builtin(let name): try c.encode(name, forKey: .name)
        case .record, .agent: break
        }
    }
}
