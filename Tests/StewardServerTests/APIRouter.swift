import Hummingbird
import Logging
import StewardApp
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardTestSupport

/// The API router the route suites test: over `store`, keys checked by `tenancy` (or no
/// authentication with `auth`), the spine and the healing loop assembled from `configuration`,
/// ready unless `readiness` is given, and with the breakers' and governance routes `withGovernance`.
func apiRouter(
    store: any Store, tenancy: Tenancy? = nil, auth: AuthMiddleware.Mode? = nil, clock: TestClock, configuration: StewardConfiguration = .default,
    maxBodyBytes: Int, readiness: Readiness? = nil, withGovernance: Bool = false
) throws -> Router<StewardRequestContext> {
    let ready = readiness ?? Readiness()
    if readiness == nil { ready.markReady() }
    StewardMetrics.bootstrap()
    let logger = Logger(label: "test")
    let spine = try SpineAssembly(store: store, configuration: configuration, revision: "rev", clock: clock, logger: logger, client: nil)
    let healing = try HealingAssembly(store: store, spine: spine.spine, configuration: configuration, revision: "rev", clock: clock, logger: logger)
    let mode = auth ?? tenancy.map { .keys(KeyDirectory(tenancy: $0, clock: clock)) }
        ?? .disabled(as: Principal(tenant: "default", role: .admin, keyID: "no-auth", name: "no-auth"))
    let governance = try withGovernance
        ? GovernanceAssembly(store: store, spine: spine.spine, remediator: healing.remediator, configuration: configuration, revision: "rev", clock: clock, logger: logger)
        : nil
    return StewardRouter.build(
        store: store, clock: clock, configRevision: "rev", readiness: ready, auth: mode, maxBodyBytes: maxBodyBytes,
        registry: StewardMetrics.registry, spine: spine, healing: healing, governance: governance)
}
