public import Hummingbird
public import Prometheus
public import StewardCore
public import StewardEngine

/// The HTTP surface: middleware in order, then every controller's routes.
public enum StewardRouter {
    /// Builds the router over the store and engine.
    public static func build(
        store: any Store, clock: any WallClock, configRevision: String, readiness: Readiness,
        auth: AuthMiddleware.Mode, maxBodyBytes: Int, registry: PrometheusCollectorRegistry, spine: SpineAssembly,
        healing: HealingAssembly, governance: GovernanceAssembly? = nil, controlCenter: ControlCenter? = nil,
        telemetry: Telemetry? = nil, alerts: Alerts? = nil, routing: Routing? = nil, experiments: Experiments? = nil
    ) -> Router<StewardRequestContext> {
        // HEAD answers as GET without the body (RFC 9110 §9.3.2): load balancers probe with it.
        let router = Router(context: StewardRequestContext.self, options: .autoGenerateHeadEndpoints)
        // Outermost first: the request id reaches every response, problems are rendered once,
        // metrics see the final status, and the body limit applies before anything reads a body.
        // The body's size and media type are checked after authentication (which reads no body):
        // a caller without a key learns only 401.
        router.add(middleware: ResponseHeadersMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: MetricsMiddleware())
        // A target or header too long to read is refused before authentication reads a header.
        router.add(middleware: RequestHeadLimitMiddleware())
        router.add(middleware: AuthMiddleware(mode: auth, sessions: controlCenter?.sessions, clock: clock))
        router.add(middleware: BodyLimitMiddleware(maxBodyBytes: maxBodyBytes))
        router.add(middleware: ContentEncodingMiddleware())
        router.add(middleware: MediaTypeMiddleware())
        router.add(middleware: WriteQueryMiddleware())
        // Inside authentication, so the "Page not found" page knows who is signed in.
        if let controlCenter { router.add(middleware: PageNotFoundMiddleware(pages: controlCenter.pages)) }
        HealthController(store: store, readiness: readiness).register(on: router)
        MetricsController(registry: registry).register(on: router)
        OpenAPIController().register(on: router)
        LedgerController(store: store).register(on: router)
        AnnotationController(store: store, clock: clock, configRevision: configRevision, spine: spine.spine, remediator: healing.remediator)
            .register(on: router)
        ActionController(spine: spine.spine, store: store, clock: clock).register(on: router)
        AutonomyController(spine: spine.spine, secrets: spine.secrets).register(on: router)
        InsightsController(spine: spine.spine).register(on: router)
        let signals = healing.remediator.healingRules.settings.signals
        SignalController(
            intake: healing.intake, limit: SignalRateLimit(ratePerSecond: signals.ratePerAgentPerSecond, clock: clock), clock: clock,
            settings: signals
        ).register(on: router)
        HealingController(remediator: healing.remediator, spine: spine.spine).register(on: router)
        KPIController(remediator: healing.remediator, clock: clock).register(on: router)
        if let governance {
            BreakerController(keeper: governance.governance.breakers).register(on: router)
            GovernanceController(governance: governance.governance, clock: clock).register(on: router)
        }
        if let telemetry { TelemetryController(telemetry: telemetry, store: store).register(on: router) }
        if let routing { RoutingController(routing: routing, experiments: experiments, telemetry: telemetry).register(on: router) }
        if let experiments { ExperimentController(experiments: experiments).register(on: router) }
        ExecutionInsightsController(insights: ExecutionInsights(store: store, clock: clock, quotas: telemetry?.settings.quotas ?? [])).register(on: router)
        if let telemetry { SkillController(telemetry: telemetry).register(on: router) }
        if let alerts { AlertController(alerts: alerts, store: store, clock: clock).register(on: router) }
        if let controlCenter {
            controlCenter.events.register(on: router)
            controlCenter.pages.register(on: router)
        }
        return router
    }
}

/// The live event stream and the operators' pages, served together.
public struct ControlCenter: Sendable {
    /// `GET /v1/events`.
    public let events: EventController
    /// The pages under `/ui`.
    public let pages: PageController
    /// The session cookies the pages sign people in with.
    public let sessions: SessionKeys

    /// Builds the Control Center over the engine. `bell` must be the one the store rings.
    public init(
        store: any Store, bell: LedgerBell, clock: any WallClock, auth: AuthMiddleware.Mode, spine: ActionSpine, remediator: Remediator,
        governance: Governance?, telemetry: Telemetry? = nil, alerts: Alerts? = nil
    ) throws {
        sessions = SessionKeys(store: store)
        events = EventController(store: store, bell: bell)
        let directory: KeyDirectory? = if case .keys(let keys) = auth { keys } else { nil }
        pages = try PageController(
            store: store, clock: clock, spine: spine, remediator: remediator, governance: governance, telemetry: telemetry, alerts: alerts,
            sessions: sessions, directory: directory)
    }
}
