import HTTPTypes
import Foundation
import Hummingbird
import StewardCore
import StewardEngine

/// "Needs your input": actions waiting for a person and escalations with their options.
extension PageController {
    /// Approval cards on one page of the inbox.
    static let inboxPageSize = 50
    /// The inbox badge counts up to this many, then says "10000+".
    static let inboxCountCap = 10_000

    @Sendable func inbox(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let number = request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1
        return try await inboxPage(request, viewer: viewer, page: number, focus: request.uri.queryParameters["action"].map(String.init))
    }

    /// A page of the inbox: page `number` (or, with `focus`, the page that holds that action),
    /// with an edit that could not be used shown again in its card.
    func inboxPage(
        _ request: Request, viewer: Viewer, page number: Int, focus: String? = nil, draft: InboxDraft? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let tenant = viewer.principal.tenant
        // Every waiting action, the soonest to expire first (then the oldest); only the page shown is read whole.
        let pending = try await spine.waitingOrder(tenant: tenant)
        let escalations = try await remediator.escalations(tenant: tenant, status: "open", limit: Int.max)
        let size = Self.inboxPageSize
        let pages = max(1, (pending.count + size - 1) / size)
        var number = number
        // A link to one action (from the Feed) opens the page that holds it.
        if let focus, let index = pending.firstIndex(of: focus) { number = index / size + 1 }
        number = min(max(number, 1), pages)
        let shown = try await spine.actions(ids: Array(pending.dropFirst((number - 1) * size).prefix(size)), tenant: tenant)
        var data = await chrome(viewer, title: "Inbox", nav: "inbox")
        data["live"] = true
        data["flash"] = draft.map { ["kind": "problem", "text": $0.problem, "isProblem": true] as [String: Any] } ?? flash(request)
        data["inboxPage"] = number
        let breakers = await currentBreakers(tenant: tenant)
        let holds = await currentHolds(tenant: tenant)
        var cards: [[String: Any]] = []
        // The first card of the next page moves up into this one once a card here is answered.
        let following = pending.dropFirst(number * size).first
        for (index, record) in shown.enumerated() {
            var card = await approvalCard(record, viewer: viewer, breakers: breakers, holds: holds).data
            // Where the operator lands once this card is answered and gone: the card after it (for
            // the page's last card, the one that moves up, else the one before it: QA r9 console M3).
            card["after"] = index + 1 < shown.count ? "action-\(shown[index + 1].proposal.id)"
                : following.map { "action-\($0)" } ?? (index > 0 ? "action-\(shown[index - 1].proposal.id)" : "approvals-h")
            cards.append(draft?.apply(to: card) ?? card)
        }
        data["approvals"] = cards
        data["approvalTotal"] = pending.count
        if pages > 1 {
            let first = (number - 1) * size + 1
            data["paging"] = [
                "text": "Showing \(first)–\(first + shown.count - 1) of \(pending.count) approvals, those that expire soonest first.",
                "previous": number > 1 ? "/ui/inbox?page=\(number - 1)" : "", "next": number < pages ? "/ui/inbox?page=\(number + 1)" : "",
                "page": number, "pages": pages,
            ] as [String: Any]
        }
        data["escalations"] = escalations.map { escalation in
            [
                "id": escalation.id, "agent": escalation.agent, "agentPath": HTML.agentPath(escalation.agent), "reason": escalation.reason,
                "summary": escalation.summary, "created": PageTime.of(escalation.createdAt), "incident": escalation.incident,
                "attempts": escalation.lastTwoAttempts, "paged": escalation.paged,
                "options": escalation.recommendedOptions.map { ["name": $0.name, "kind": $0.kind, "why": $0.why, "playbook": $0.playbook ?? ""] },
            ] as [String: Any]
        }
        data["nothing"] = pending.isEmpty && escalations.isEmpty
        return try renderer.page("inbox", data, status: status)
    }

    /// An approval card for `viewer`, naming the people who approved so far and, with the
    /// tenant's `breakers` and skill `holds`, what became of a breaker or hold that held it.
    func approvalCard(
        _ record: ActionRecord, viewer: Viewer, breakers: [BreakerStatus] = [], holds: [String: [SkillHold]] = [:]
    ) async -> ApprovalCard {
        var names: [String] = []
        for approval in record.approvals { names.append(await personName(approval.by)) }
        return ApprovalCard(
            record: record, needed: spine.spineRules.types[record.proposal.type]?.approval.approvers ?? 1, approvers: names,
            approvedByViewer: record.approvals.contains { $0.by == viewer.principal.actor }, breakers: breakers, holds: holds)
    }

    /// A person's name for an actor such as `key:7f37dfb3f03f` (the key's name), or the actor itself.
    func personName(_ actor: String) async -> String {
        guard actor.hasPrefix("key:"), let directory,
              let principal = try? await directory.principal(forKeyID: String(actor.dropFirst(4))) else { return actor }
        return principal.name
    }

    /// How many things wait for a person: actions and open escalations, counted up to ``inboxCountCap``.
    func inboxCount(tenant: String) async -> (total: Int, label: String) {
        var pending = 0
        var after: String?
        while pending < Self.inboxCountCap {
            guard let page = try? await store.projectionVersions(ProjectionQuery(
                tenant: tenant, collection: SpineRows.actions, status: ActionStatus.pendingApproval.rawValue, afterID: after, limit: 1000))
            else { break }
            pending += page.count
            guard page.count == 1000, let last = page.last else { break }
            after = last.key.id
        }
        let open = (try? await remediator.escalations(tenant: tenant, status: "open", limit: Int.max).count) ?? 0
        let total = pending + open
        return (total, pending >= Self.inboxCountCap ? "\(Self.inboxCountCap)+" : "\(total)")
    }

    /// The inbox count for the page's script, which keeps the badge current.
    @Sendable func inboxCountJSON(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let count = await inboxCount(tenant: viewer.principal.tenant)
        let body = try CanonicalJSON.encode(.object(["total": .int(Int64(count.total)), "label": .string(count.label)]))
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    @Sendable func approve(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let fields = try await form(request, context: context)
        let place = InboxReturn(page: fields["page"], anchor: fields["next"])
        let card = place.at("action-\(id)")
        var edited: JSONValue?
        if let text = fields.text("params"), fields["edit"] == "1" {
            // A repeated name is refused, as the API refuses it: the approver must not read one value while another runs.
            guard let parsed = try? JSONReader.parse(Array(text.utf8), repeatedNames: .refused), case .object = parsed else {
                // The page again, not a redirect: the edit and the note stay as typed, the reason beside them.
                let draft = InboxDraft(
                    action: id, params: fields["params"] ?? "", note: fields["note"] ?? "", edit: true,
                    problem: "The edited values of \(id) are not a JSON object with each name once; nothing was approved. Correct them and approve again.")
                return try await inboxPage(request, viewer: viewer, page: place.page, draft: draft, status: .unprocessableContent)
            }
            edited = parsed
        }
        let tenant = viewer.principal.tenant
        if let (current, _) = try? await spine.action(id, tenant: tenant), current.status == .pendingApproval {
            // Values another approver changed since the page showed them are not approved unseen.
            if let text = fields["shown"], let shown = try? JSONReader.parse(Array(text.utf8)), !shown.isSameJSON(as: current.effectiveParams) {
                return back(to: card.path, "The values of \(id) were changed since this page showed them; nothing was approved. Read them again before approving.", kind: "problem")
            }
            // Values changed in the box without "Approve with these changed values" ticked would
            // otherwise be dropped without a word while the proposed ones run (QA r9 console H1).
            let untickedEdit = edited == nil ? fields["params"] : nil
            if let text = untickedEdit, (try? JSONReader.parse(Array(text.utf8), repeatedNames: .refused))?.isSameJSON(as: current.effectiveParams) != true {
                let draft = InboxDraft(
                    action: id, params: text, note: fields["note"] ?? "", edit: false,
                    problem: "You changed the values of \(id) but did not tick \"Approve with these changed values\"; nothing was approved. "
                        + "Tick it to approve with your values, or put the proposed ones back.")
                return try await inboxPage(request, viewer: viewer, page: place.page, draft: draft, status: .unprocessableContent)
            }
        }
        // Said in words before the engine refuses it naming the key.
        if let (current, _) = try? await spine.action(id, tenant: tenant), current.approvals.contains(where: { $0.by == viewer.principal.actor }) {
            let what = "\(ApprovalCard.words(current.proposal.type)) for \(current.proposal.agent)"
            return back(to: card.path, "You have already approved \(what); another person needs to approve it.", kind: "problem")
        }
        do {
            let record = try await spine.approve(id, tenant: tenant, by: viewer.principal.actor, params: edited, note: fields.text("note"))
            let what = "\(ApprovalCard.words(record.proposal.type)) for \(record.proposal.agent)\(edited == nil ? "" : " with your edits")"
            if record.status == .pendingApproval {
                let still = await approvalCard(record, viewer: viewer).data["approvalsText"] as? String ?? "It still waits for another approval."
                return back(to: card.path, "Recorded your approval of \(what). \(still)")
            }
            return back(to: place.path, "Approved \(what): \(ApprovalCard.status(record.status)).")
        } catch {
            return back(to: card.path, "Could not approve \(id): \(error)", kind: "problem")
        }
    }

    @Sendable func reject(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let fields = try await form(request, context: context)
        let place = InboxReturn(page: fields["page"], anchor: fields["next"])
        guard let reason = fields.text("reason") else {
            return back(to: place.at("action-\(id)").path, "Rejecting \(id) needs a reason; nothing was changed.", kind: "problem")
        }
        do {
            let record = try await spine.reject(id, tenant: viewer.principal.tenant, by: viewer.principal.actor, reason: reason)
            return back(to: place.path, "Rejected \(ApprovalCard.words(record.proposal.type)) for \(record.proposal.agent).")
        } catch {
            return back(to: place.at("action-\(id)").path, "Could not reject \(id): \(error)", kind: "problem")
        }
    }

    @Sendable func resolve(_ request: Request, context: StewardRequestContext, viewer: Viewer) async throws -> Response {
        let id = try context.parameters.segment("id")
        let fields = try await form(request, context: context)
        let place = InboxReturn(page: fields["page"], anchor: "escalations-h")
        guard let option = fields.text("option") else { return back(to: place.at("escalation-\(id)").path, "Choose an option for \(id).", kind: "problem") }
        do {
            let escalation = try await remediator.resolveEscalation(
                id, tenant: viewer.principal.tenant, option: option, by: viewer.principal.actor, note: fields.text("note"))
            return back(to: place.path, "Chose “\(option)” for \(escalation.agent); Steward is carrying it out.")
        } catch {
            return back(to: place.at("escalation-\(id)").path, "Could not resolve \(id): \(error)", kind: "problem")
        }
    }
}
