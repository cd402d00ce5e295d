import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import ServiceLifecycle
import StewardConfig
public import StewardCore
public import StewardEngine
public import StewardServer
import StewardSQLite

/// The one place Steward is wired: configuration → chosen store → engine → HTTP server.
///
/// `steward serve`, `steward demo` and the tests all build the application through
/// ``build(options:logger:onAdminKeyCreated:)``, so tests run the very same app.
public enum StewardApplication {
    /// What was built, for the caller to run and report.
    public struct Built: Sendable {
        /// The Hummingbird application (a Service): run it with `runService()`.
        public let app: Application<RouterResponder<StewardRequestContext>>
        /// The store in use.
        public let store: any Store
        /// Where it lives.
        public let location: StoreLocation
        /// The effective configuration.
        public let configuration: StewardConfiguration
        /// Its revision (content hash).
        public let revision: String
        /// The data directory.
        public let dataDir: String
        /// The action spine.
        public let spine: ActionSpine
        /// The remediation loop.
        public let remediator: Remediator
        /// The signal intake.
        public let intake: SignalIntake
    }

    /// Loads the configuration, checks the data directory and port, opens the store and builds
    /// the server. Nothing is created when a check fails.
    public static func build(
        options: ServeOptions, logger: Logger, clock: any WallClock = SystemClock(),
        onAdminKeyCreated: @escaping @Sendable (String, String) -> Void = { _, _ in }
    ) async throws(StartupError) -> Built {
        // Before anything creates a metric: swift-metrics binds each metric to the backend of its time.
        StewardMetrics.bootstrap()
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader.load(path: options.configPath, environment: options.environment)
        } catch {
            throw StartupError(error.errors.map(\.description))
        }
        var configuration = loaded.configuration
        if let host = options.host { configuration.server.host = host }
        if let port = options.port { configuration.server.port = port }
        if let dataDir = options.dataDir { configuration.server.dataDir = dataDir }
        let server = configuration.server
        if options.noAuth && !StartupChecks.isLoopback(server.host) {
            throw StartupError("--no-auth is refused on \(server.host): it is allowed only on a loopback address such as 127.0.0.1")
        }
        guard (0...65535).contains(server.port) else { throw StartupError("port \(server.port) is not between 0 and 65535") }
        try StartupChecks.portIsFree(host: server.host, port: server.port)
        let createdDataDir = try StartupChecks.dataDirectory(server.dataDir)
        let location = try StoreLocation.parse(options.database, dataDir: server.dataDir)
        let rawOpening: StoreOpening
        do {
            rawOpening = try await StoreOpening.open(location, logger: logger)
        } catch {
            if createdDataDir { try? FileManager.default.removeItem(atPath: server.dataDir) }
            throw error
        }

        let revision = loaded.revision
        // Every writer goes through the ringing store, so the live event stream wakes on each commit.
        let bell = LedgerBell()
        let opened = StoreOpening(store: RingingStore(rawOpening.store, bell: bell), services: rawOpening.services, prepare: rawOpening.prepare)
        let tenancy = Tenancy(store: opened.store, clock: clock, configRevision: revision)
        let readiness = Readiness()
        let defaultTenant = configuration.tenants.first?.id ?? "default"
        let auth: AuthMiddleware.Mode = options.noAuth
            ? .disabled(as: Principal(tenant: defaultTenant, role: .admin, keyID: "no-auth", name: "no-auth"))
            : .keys(KeyDirectory(tenancy: tenancy, clock: clock, declaredTenants: Set(configuration.tenants.map(\.id))))
        let spine: SpineAssembly
        do {
            spine = try SpineAssembly(
                store: opened.store, configuration: configuration, revision: revision, clock: clock, logger: logger, client: DeliveryClient.shared)
        } catch {
            throw StartupError(error.problems.map { "policy.rules[\($0.index)] (\($0.rule)): \($0.errors)" })
        }
        let healing: HealingAssembly
        do {
            healing = try HealingAssembly(
                store: opened.store, spine: spine.spine, configuration: configuration, revision: revision, clock: clock, logger: logger)
        } catch {
            throw StartupError(error.problems.map { "[\($0.index)] (\($0.name)): \($0.errors)" })
        }
        let governance: GovernanceAssembly
        do {
            governance = try GovernanceAssembly(
                store: opened.store, spine: spine.spine, remediator: healing.remediator, configuration: configuration, revision: revision,
                clock: clock, logger: logger)
        } catch {
            throw StartupError(error.problems.map { "governance.breakers[\($0.index)] (\($0.name)): \($0.errors)" })
        }
        let alerts = Alerts(spine: spine.spine, logger: logger)
        let telemetry = Telemetry(
            store: opened.store, settings: configuration.telemetry, revision: revision, clock: clock, logger: logger, alerts: alerts)
        let controlCenter: ControlCenter
        do {
            controlCenter = try ControlCenter(
                store: opened.store, bell: bell, clock: clock, auth: auth, spine: spine.spine, remediator: healing.remediator,
                governance: governance.governance, telemetry: telemetry, alerts: alerts)
        } catch {
            throw StartupError("the Control Center cannot start: \(error)")
        }
        let routing = Routing(
            store: opened.store, settings: configuration.telemetry.routing, spine: spine.spine, clock: clock, revision: revision, logger: logger)
        telemetry.stored.add { batch in await routing.watch(batch) }
        let experiments = Experiments(store: opened.store, routing: routing, spine: spine.spine, clock: clock, revision: revision, logger: logger)
        telemetry.stored.add { batch in await experiments.watch(batch) }
        let router = StewardRouter.build(
            store: opened.store, clock: clock, configRevision: revision, readiness: readiness, auth: auth, maxBodyBytes: server.maxBodyBytes,
            registry: StewardMetrics.registry, spine: spine, healing: healing, governance: governance, controlCenter: controlCenter,
            telemetry: telemetry, alerts: alerts, routing: routing, experiments: experiments)
        let holder = "steward-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let sweeper = SpineService(
            spine: spine.spine, store: opened.store, clock: ContinuousClock(), wallClock: clock, interval: .seconds(5),
            holder: holder, logger: logger)
        let healer = HealingService(
            remediator: healing.remediator, store: opened.store, clock: ContinuousClock(), wallClock: clock, interval: .milliseconds(500),
            holder: holder, logger: logger)

        let governor = GovernanceService(
            governance: governance.governance, store: opened.store, clock: ContinuousClock(), wallClock: clock, holder: holder, logger: logger)
        let baseliner = TenantRounds.baselines(
            telemetry: telemetry, store: opened.store, clock: ContinuousClock(), wallClock: clock, holder: holder, logger: logger)
        let reviewer = TenantRounds.routingReviews(
            routing: routing, store: opened.store, clock: ContinuousClock(), wallClock: clock, holder: holder, logger: logger)
        let experimenter = TenantRounds.experiments(
            experiments, store: opened.store, clock: ContinuousClock(), wallClock: clock, holder: holder, logger: logger)
        let digester = TenantRounds.alertDigests(alerts, store: opened.store, clock: ContinuousClock(), wallClock: clock, holder: holder, logger: logger)
        let quotaResets = TenantRounds.quotaResets(
            telemetry: telemetry, alerts: alerts, store: opened.store, clock: ContinuousClock(), wallClock: clock, holder: holder, logger: logger)
        let outbox = TenantRounds.notificationOutbox(
            spine.spine, store: opened.store, clock: ContinuousClock(), wallClock: clock, holder: holder, logger: logger)
        var auditor: [any Service] = []
        if server.ledgerAuditMinutes > 0 {
            auditor.append(TenantRounds.ledgerAudits(
                every: server.ledgerAuditMinutes, alerts: alerts, store: opened.store, clock: ContinuousClock(), wallClock: clock, holder: holder,
                logger: logger))
        }

        var app = Application(
            router: router,
            // Closes connections that stall (half-sent headers or bodies) rather than holding them forever, and
            // answers a request head that is too long or not HTTP with a problem document.
            server: .http1(configuration: RequestHeadLimits.http1(idleTimeout: .seconds(Int64(server.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(server.host, port: server.port), serverName: "Steward/\(StewardVersion.current)"),
            services: opened.services + [sweeper, healer, governor, baseliner, digester, quotaResets, outbox, reviewer, experimenter] + auditor,
            onServerRunning: { channel in
                readiness.markReady()
                logger.info("Steward is listening", metadata: [
                    "address": "\(channel.localAddress.map(String.init(describing:)) ?? "\(server.host):\(server.port)")",
                    "store": "\(location)", "dataDir": "\(server.dataDir)", "revision": "\(revision)", "version": "\(StewardVersion.current)",
                ])
            },
            logger: logger)
        let tenants = configuration.tenants
        let dataDir = server.dataDir
        let spineForStart = spine.spine, reindex = options.reindexActions
        app.beforeServerStarts {
            do {
                try await opened.prepare()
            } catch {
                // An unreachable PostgreSQL leaves nothing behind either.
                if createdDataDir { try? FileManager.default.removeItem(atPath: dataDir) }
                throw error
            }
            let damage = try await LedgerHeadCheck.problems(in: opened.store)
            if !damage.isEmpty { throw StartupError(damage) }
            for other in try await LedgerHeadCheck.otherRevisions(in: opened.store, than: revision) {
                logger.notice(
                    "the tenant's last ledger entry was written under another configuration: another replica runs another steward.yaml, or the file changed since the last start",
                    metadata: ["tenant": "\(other.tenant)", "lastEntryRevision": "\(other.revision)", "thisRevision": "\(revision)"])
            }
            try await Bootstrap.run(
                tenancy: tenancy, tenants: tenants, dataDir: dataDir, store: location.commandArguments(dataDir: dataDir), logger: logger,
                onAdminKeyCreated: onAdminKeyCreated)
            // Actions stored since the last start (all of them the first time, or with
            // --reindex-actions) get their rows in the index by agent.
            try await spineForStart.indexActionsByAgent(fromTheStart: reindex)
        }
        return Built(
            app: app, store: opened.store, location: location, configuration: configuration, revision: revision, dataDir: server.dataDir,
            spine: spine.spine, remediator: healing.remediator, intake: healing.intake)
    }
}

/// First-start work: the configured tenants exist, and the very first start creates an admin key.
enum Bootstrap {
    static func run(
        tenancy: Tenancy, tenants: [TenantSpec], dataDir: String, store: String, logger: Logger,
        onAdminKeyCreated: @Sendable (String, String) -> Void
    ) async throws {
        let firstStart = try await !tenancy.hasTenants()
        // Of replicas starting at once on an empty database, only the one whose commit created the
        // first tenant creates the first admin key: one key, printed once.
        var createdFirst = false
        for tenant in tenants {
            if try await tenancy.ensureTenant(tenant.id, name: tenant.name, actor: "steward") {
                if tenant.id == tenants.first?.id { createdFirst = firstStart }
                logger.info("created tenant", metadata: ["tenant": "\(tenant.id)"])
                // Only the first tenant of a first start gets a key of its own; say how to get one.
                if !firstStart || tenant.id != tenants.first?.id {
                    logger.notice(
                        "tenant has no API key yet: create one with `steward keys create --tenant \(tenant.id) --role admin --name NAME \(store)`",
                        metadata: ["tenant": "\(tenant.id)"])
                }
            }
        }
        guard createdFirst, let first = tenants.first else {
            if firstStart {
                logger.info("another replica started on this empty database at the same moment; it creates the first admin key and prints it")
                return
            }
            try await warnOfTenantsWithoutAdmin(tenancy: tenancy, tenants: tenants, store: store, logger: logger)
            try await warnOfSuspendedTenants(tenancy: tenancy, tenants: tenants, logger: logger)
            return
        }
        var generator = SystemRandomNumberGenerator()
        let key = try await tenancy.issueKey(tenant: first.id, role: .admin, name: "first admin", actor: "steward", using: &generator)
        try AdminKeyFile.write(key.token, dataDir: dataDir)
        logger.info("created the first admin key", metadata: ["tenant": "\(first.id)", "keyID": "\(key.id)", "file": "\(dataDir)/admin.key"])
        onAdminKeyCreated(key.token, dataDir + "/admin.key")
    }

    /// Tenants taken out of steward.yaml whose keys still exist: the server refuses those keys, say so once.
    static func warnOfSuspendedTenants(tenancy: Tenancy, tenants: [TenantSpec], logger: Logger) async throws {
        let declared = Set(tenants.map(\.id))
        for tenant in try await tenancy.tenantsWithLiveKeys() where !declared.contains(tenant) {
            logger.warning(
                "tenant is not declared in steward.yaml: its API keys are refused until it is declared again",
                metadata: ["tenant": "\(tenant)"])
        }
    }

    /// A first start that stopped between creating a tenant and its first key, or keys all
    /// revoked, leave a tenant nobody can govern: say how to get a key rather than nothing.
    static func warnOfTenantsWithoutAdmin(tenancy: Tenancy, tenants: [TenantSpec], store: String, logger: Logger) async throws {
        for tenant in tenants where try await !tenancy.keys(tenant: tenant.id).contains(where: { $0.role == .admin && $0.revokedAt == nil }) {
            logger.warning(
                "tenant has no live admin key: create one with `steward keys create --tenant \(tenant.id) --role admin --name NAME \(store)`",
                metadata: ["tenant": "\(tenant.id)"])
        }
    }
}
