import HTTPTypes
public import Hummingbird
public import StewardCore
public import StewardEngine
import Foundation

/// The Control Center: server-rendered pages under `/ui`, live through `/v1/events`.
///
/// Pages read through the same engine calls as the API and change things through them too, so a
/// click in a page leaves the same ledger entries as the API call would. Forms post back and are
/// answered with a redirect (post/redirect/get), so they work without script and with the keyboard.
public struct PageController: Sendable {
    let store: any Store
    let clock: any WallClock
    let spine: ActionSpine
    let remediator: Remediator
    let governance: Governance?
    /// Skills, their holds and the quotas (nil: the server runs without telemetry).
    let telemetry: Telemetry?
    /// Alerts and silences (nil: the server runs without them).
    let alerts: Alerts?
    let sessions: SessionKeys
    let directory: KeyDirectory?
    let renderer: PageRenderer

    /// The pages over the engine; `directory` is nil when the server runs without keys.
    public init(
        store: any Store, clock: any WallClock, spine: ActionSpine, remediator: Remediator, governance: Governance?,
        telemetry: Telemetry? = nil, alerts: Alerts? = nil, sessions: SessionKeys, directory: KeyDirectory?
    ) throws {
        self.store = store
        self.clock = clock
        self.spine = spine
        self.remediator = remediator
        self.governance = governance
        self.telemetry = telemetry
        self.alerts = alerts
        self.sessions = sessions
        self.directory = directory
        self.renderer = try PageRenderer.load()
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/") { _, _ in Response.redirect(to: PagePaths.fleet) }
        router.get("/ui") { _, _ in Response.redirect(to: PagePaths.fleet) }
        router.get("/ui/assets/:name", use: asset)
        router.get("/ui/sign-in", use: signInPage)
        router.post("/ui/sign-in", use: signIn)
        router.post("/ui/sign-out", use: signOut)
        router.get("/ui/fleet", use: page(.operator, .read, fleet))
        router.get("/ui/tiles/:agent", use: page(.operator, .read, tile))
        router.get("/ui/tiles", use: page(.operator, .read, tile))
        router.get("/ui/agents/:name", use: page(.operator, .read, agentPage))
        // An agent whose name cannot be a path segment (`.`, `..`): `/ui/agents?name=..`.
        router.get("/ui/agents", use: page(.operator, .read, agentByQuery))
        router.get("/ui/inbox", use: page(.operator, .read, inbox))
        router.post("/ui/actions/:id/approve", use: page(.operator, approve))
        router.post("/ui/actions/:id/reject", use: page(.operator, reject))
        router.post("/ui/escalations/:id/resolve", use: page(.operator, resolve))
        router.get("/ui/feed", use: page(.operator, .read, feed))
        router.post("/ui/actions/:id/rerun", use: page(.operator, rerun))
        router.get("/ui/governance", use: page(.operator, .read, governancePage))
        router.get("/ui/reports/:id", use: page(.operator, .read, reportPage))
        // The roles match the API's: an operator on call may use the emergency controls; only the
        // tenant's mode and budgets (PUT /v1/autonomy) are the admin's.
        router.post("/ui/breakers/:id/:command", use: page(.operator, breakerCommand))
        router.post("/ui/proposals/:id/:verdict", use: page(.operator, proposalVerdict))
        // Skills, quotas and alerts read as GET /v1/skills, /v1/quotas, /v1/alerts and /v1/silences;
        // clearing a hold and creating or ending a silence are the operator's, as in the API.
        router.get("/ui/skills", use: page(.operator, .read, skillsPage))
        router.post("/ui/skills/:skill/clear", use: page(.operator, clearHold))
        router.post("/ui/silences", use: page(.operator, createSilence))
        router.post("/ui/silences/:id/end", use: page(.operator, endSilence))
        // The ledger's readers are the API's: GET /v1/ledger, /verify and /export need an operator
        // (or an auditor, who reads what an operator reads). Verifying and trying a proposal in the
        // gate change nothing, so they are reads though they are forms.
        router.get("/ui/ledger", use: page(.operator, .read, ledgerPage))
        router.post("/ui/ledger/verify", use: page(.operator, .read, verifyLedger))
        router.get("/ui/admin", use: page(.operator, .read, admin))
        router.post("/ui/kill-switch", use: page(.operator, killSwitch))
        router.post("/ui/autonomy", use: page(.admin, tenantMode))
        router.post("/ui/accounts", use: page(.operator, accountSettings))
        router.post("/ui/policy/try", use: page(.operator, .read, tryProposal))
        router.get("/ui/inbox-count", use: page(.operator, .read, inboxCountJSON))
        // Any other address under /ui is a page that does not exist: said as a page, not as JSON.
        router.get("/ui/**", use: page(.operator, .read, notFound))
    }

    /// The "Page not found" page (404) for an address under `/ui` that is no page.
    @Sendable func notFound(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        try message(viewer, status: .notFound, heading: "Page not found",
                    text: "There is no page at \(request.uri.path). The pages are listed in the menu above.")
    }

    typealias PageHandler = @Sendable (Request, StewardRequestContext, Viewer) async throws -> Response

    /// Wraps a page that changes things: who is asking must be signed in with a role that may
    /// change what needs `role`. A refusal the handler throws is shown as a page, not as the API's JSON.
    func page(_ role: Role, _ handler: @escaping PageHandler) -> @Sendable (Request, StewardRequestContext) async throws -> Response {
        page(role, .write, handler)
    }

    /// Wraps a page as ``page(_:_:)`` does, for `access`: a read lets an auditor in.
    func page(_ role: Role, _ access: Access, _ handler: @escaping PageHandler) -> @Sendable (Request, StewardRequestContext) async throws -> Response {
        { request, context in
            guard let principal = context.principal else { return .redirect(to: PagePaths.signInRedirect(from: request)) }
            let viewer = Viewer(principal: principal, csrf: context.csrfToken ?? "")
            guard principal.role.permits(role, for: access) else {
                let reads = principal.role.permits(role, for: .read)
                return try message(
                    viewer, status: .forbidden, heading: "Not allowed",
                    text: reads
                        ? "This changes things and needs an \(role.rawValue) key; you are signed in with an \(principal.role.rawValue) key, which only reads. Nothing was changed."
                        : "This needs an \(role.rawValue) key; you are signed in with an \(principal.role.rawValue) key.")
            }
            let response: Response
            do {
                response = try await handler(request, context, viewer)
            } catch {
                guard let problem = Problem.wrap(error) as? Problem else { throw error }
                response = try message(viewer, status: problem.status, heading: Self.heading(problem.status), text: Self.sentence(problem.detail))
            }
            return withFlashShown(request, response)
        }
    }

    /// A page with one heading and one sentence (refusals and errors).
    func message(_ viewer: Viewer, status: HTTPResponse.Status, heading: String, text: String) throws -> Response {
        try renderer.page("message", base(viewer, title: heading, nav: "").merging(["heading": heading, "text": text]) { $1 }, status: status)
    }

    static func heading(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "Not found"
        case .forbidden: "Not allowed"
        case .conflict: "That changed in the meantime"
        case .badRequest, .unprocessableContent: "That request cannot be used"
        default: "Something went wrong"
        }
    }

    /// `text` with its first letter capitalised and a full stop.
    static func sentence(_ text: String) -> String {
        let capitalised = text.prefix(1).uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }

    /// The data every page's layout needs.
    /// `mayChange` hides the forms an auditor may not send, so no page offers what would be refused.
    func base(_ viewer: Viewer, title: String, nav: String) -> [String: Any] {
        let mayChange = viewer.principal.role.permits(.operator, for: .write)
        return [
            "title": title, "csrf": viewer.csrf, "who": viewer.principal.name, "role": viewer.principal.role.rawValue,
            "isAdmin": viewer.principal.role.includes(.admin), "mayChange": mayChange, "readOnly": !mayChange,
            "nav": [nav: true], "signedIn": directory != nil,
        ]
    }

    /// The base data plus the tenant's kill switch banner and the inbox count.
    func chrome(_ viewer: Viewer, title: String, nav: String) async -> [String: Any] {
        var data = base(viewer, title: title, nav: nav)
        let tenant = viewer.principal.tenant
        if let autonomy = try? await spine.autonomy(tenant: tenant), autonomy.killSwitch.engaged {
            data["killSwitch"] = ["reason": autonomy.killSwitch.reason ?? "", "by": autonomy.killSwitch.by == nil ? "" : await personName(autonomy.killSwitch.by ?? "")]
        }
        let count = await inboxCount(tenant: tenant)
        if count.total > 0 { data["inboxCount"] = count.label }
        return data
    }

    /// The form fields of a request body.
    func form(_ request: Request, context: StewardRequestContext) async throws -> FormFields {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        return FormFields(String(buffer: body))
    }

    @Sendable func asset(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let name = try context.parameters.segment("name")
        guard let asset = renderer.assets[name] else { throw Problem.notFound("no asset named \(name)") }
        return Response(
            status: .ok, headers: [.contentType: asset.type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}

/// Who is looking at a page, and the token their forms carry.
struct Viewer: Sendable {
    let principal: Principal
    let csrf: String
}
