public import Logging
import StewardCore
import Synchronization

/// Runs actions that may run, through the executor their type names, and records how it went.
/// The action is marked `executing` (with its idempotency key) in a commit before any executor is
/// called, so a crash or another replica can never make it run twice under a new key.
public final class ActionRunner: Sendable {
    let http: HTTPActionExecutor?
    let command: CommandActionExecutor
    let logger: Logger
    /// The waits between tries at recording a result the store refused (about two minutes in all).
    let recordingDelays: [Duration]
    private let inFlight = Mutex<[String: Task<Void, Never>]>([:])

    /// How long to wait before each new try at recording a result, by default.
    public static let recordingDelays: [Duration] = [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)]
        + Array(repeating: .seconds(15), count: 7)

    /// A runner with the given executors; without an http executor, `http` actions fail cleanly.
    public init(http: HTTPActionExecutor?, command: CommandActionExecutor, logger: Logger, recordingDelays: [Duration] = ActionRunner.recordingDelays) {
        self.http = http
        self.command = command
        self.logger = logger
        self.recordingDelays = recordingDelays
    }

    /// Starts running an `executing` action in the background.
    func start(_ record: ActionRecord, type: ActionType, spine: ActionSpine) {
        let id = record.proposal.id
        let task = Task {
            let (result, effects) = await self.execute(record, type: type, spine: spine)
            await spine.finishExecution(id, tenant: record.proposal.tenant, result: result, effects: effects)
            _ = self.inFlight.withLock { $0.removeValue(forKey: id) }
        }
        inFlight.withLock { $0[id] = task }
    }

    /// Waits until every started execution has been recorded (tests, shutdown).
    public func waitUntilIdle() async {
        while true {
            let tasks = inFlight.withLock { Array($0.values) }
            if tasks.isEmpty { return }
            for task in tasks { await task.value }
        }
    }

    /// Whether the action is running in this process.
    func isRunning(_ id: String) -> Bool { inFlight.withLock { $0[id] != nil } }

    private func execute(_ record: ActionRecord, type: ActionType, spine: ActionSpine) async -> (ExecutionResult, BuiltinEffects) {
        let p = record.proposal
        let request = ExecutionRequest(
            actionID: p.id, tenant: p.tenant, agent: p.agent, account: p.account, type: p.type, params: record.effectiveParams,
            idempotencyKey: record.idempotencyKey, idempotent: type.idempotent, attempt: record.execution?.attempts ?? 0)
        switch spine.rules.executor(of: type, agent: p.agent, tenant: p.tenant) {
        case .http(let spec):
            guard let http else {
                return (ExecutionResult(succeeded: false, detail: "no HTTP client is available", attempts: 0, durationMilliseconds: 0), .none)
            }
            return (await http.execute(request, spec: spec), .none)
        case .command(let spec):
            return (await command.execute(request, spec: spec), .none)
        case .builtin(let name):
            return await BuiltinRunner.run(name, record: record, spine: spine)
        case .record, .agent:
            return (ExecutionResult(succeeded: false, detail: "record actions are executed by their agent", attempts: 0, durationMilliseconds: 0), .none)
        }
    }
}

/// What a builtin action changes in Steward's own state, committed with its outcome.
struct BuiltinEffects: Sendable {
    var entries: [(kind: String, subject: String, payload: JSONValue)] = []
    var rows: [ProjectionDocument] = []

    static let none = BuiltinEffects()
}

/// The builtin actions: Steward acting on itself.
enum BuiltinRunner {
    static func run(_ name: String, record: ActionRecord, spine: ActionSpine) async -> (ExecutionResult, BuiltinEffects) {
        let p = record.proposal, params = record.effectiveParams
        func done(_ ok: Bool, _ detail: String, _ effects: BuiltinEffects = .none) -> (ExecutionResult, BuiltinEffects) {
            (ExecutionResult(succeeded: ok, detail: detail, attempts: 1, durationMilliseconds: 0), effects)
        }
        switch BuiltinAction(rawValue: name) {
        case .annotate:
            guard let text = params["text"]?.stringValue, !text.isEmpty, text.count <= 4000 else {
                return done(false, "params.text must be 1 to 4000 characters")
            }
            var effects = BuiltinEffects()
            effects.entries.append((
                "annotation.recorded", p.account.map { "account:\($0)" } ?? "tenant:\(p.tenant)",
                ["text": .string(text), "action": .string(p.id)]))
            return done(true, "annotation recorded", effects)
        case .setAutonomyMode:
            guard let raw = params["mode"]?.stringValue, let mode = AutonomyMode(rawValue: raw) else {
                return done(false, "params.mode must be one of \(AutonomyMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let account = params["account"]?.stringValue ?? p.account else { return done(false, "params.account or the action's account is required") }
            // The same change, entry and version check as `PUT /v1/accounts/{id}/autonomy`.
            do {
                _ = try await spine.setAccountAutonomy(
                    account, tenant: p.tenant, mode: .some(mode), scheduledOptIn: nil, dailyActions: nil, actor: "action:\(p.id)")
                return done(true, "account \(account) set to \(raw) mode")
            } catch {
                return done(false, "could not set account \(account) to \(raw) mode: \(error)")
            }
        case nil:
            return done(false, "unknown builtin '\(name)'")
        }
    }
}

extension ActionSpine {
    /// Waits until every execution this process started has been recorded.
    public func runnerIdle() async { await runner.waitUntilIdle() }
}
