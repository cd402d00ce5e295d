/// How an approved action reaches the world.
public enum ExecutorSpec: Sendable, Hashable, Codable {
    /// POST the action as JSON to the agent, signed, with an idempotency key.
    case http(HTTPExecutorSpec)
    /// Run a program with the action as JSON on standard input.
    case command(CommandExecutorSpec)
    /// Steward changes its own state (see ``BuiltinAction``).
    case builtin(name: String)
    /// The agent executes the action itself and reports the outcome back.
    case record

    /// The executor's kind as written in steward.yaml.
    public var kind: String {
        switch self {
        case .http: "http"
        case .command: "command"
        case .builtin: "builtin"
        case .record: "record"
        }
    }
}

/// The `http` executor: where to POST and how patiently.
public struct HTTPExecutorSpec: Sendable, Hashable, Codable {
    /// A URL template; `{tenant}`, `{agent}`, `{account}`, `{type}` and `{id}` are replaced, percent-encoded.
    public var url: String
    /// How long one attempt may take, in milliseconds.
    public var timeoutMilliseconds: Int
    /// Further attempts after a failed one; only idempotent action types retry.
    public var retries: Int
    /// The wait before the first retry, doubled for each further one, in milliseconds.
    public var backoffMilliseconds: Int

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

    /// Creates a command executor.
    public init(argv: [String], timeoutMilliseconds: Int = 30_000) {
        self.argv = argv
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}
