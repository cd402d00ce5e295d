public import AsyncHTTPClient
public import Logging
public import StewardCore

/// The spine with its executors, alerts and signing secrets, wired the one usual way.
public struct SpineAssembly: Sendable {
    /// The spine.
    public let spine: ActionSpine
    /// The tenants' webhook signing secrets.
    public let secrets: SigningSecrets

    /// Wires a spine over `store` for `configuration`; `client` reaches agents and the notifier.
    public init(
        store: any Store, configuration: StewardConfiguration, revision: String, clock: any WallClock, logger: Logger,
        client: HTTPClient?, newID: (@Sendable () -> String)? = nil,
        recordingDelays: [Duration] = ActionRunner.recordingDelays
    ) throws(PolicyCompileErrors) {
        let rules = try SpineRules(configuration: configuration, revision: revision)
        let secrets = SigningSecrets(store: store)
        let http = client.map { HTTPActionExecutor(client: $0, secret: { tenant in await secrets.key(for: tenant) }, logger: logger) }
        let runner = ActionRunner(http: http, command: CommandActionExecutor(logger: logger), logger: logger, recordingDelays: recordingDelays)
        let alerts = SpineAlerts(
            store: store, client: client, settings: configuration.notifications, secrets: secrets, clock: clock, logger: logger,
            revision: revision)
        self.spine = ActionSpine(store: store, rules: rules, clock: clock, runner: runner, alerts: alerts, logger: logger, newID: newID)
        self.secrets = secrets
    }
}
