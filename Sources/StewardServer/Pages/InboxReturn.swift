import Foundation

/// Where an inbox form sends the operator back: the page of the inbox the form was on and the
/// card to land at, so an answer does not throw them back to the first page's top.
struct InboxReturn: Sendable, Equatable {
    /// The page of the inbox (1 on).
    let page: Int
    /// The id of the element to scroll to (a card, or the list's heading), without `#`.
    let anchor: String?

    /// Read from a form's hidden `page` and `next` fields; anything unexpected is left out.
    init(page: String?, anchor: String?) {
        self.page = page.flatMap { Int($0) }.map { max($0, 1) } ?? 1
        self.anchor = anchor.flatMap(Self.element)
    }

    init(page: Int, anchor: String?) {
        self.page = max(page, 1)
        self.anchor = anchor.flatMap(Self.element)
    }

    /// The same page, landing at `anchor` instead.
    func at(_ anchor: String?) -> InboxReturn { InboxReturn(page: page, anchor: anchor) }

    /// `/ui/inbox?page=2#action-act_123`.
    var path: String {
        "/ui/inbox" + (page > 1 ? "?page=\(page)" : "") + (anchor.map { "#" + $0 } ?? "")
    }

    /// An element id as the pages write them (`action-act_…`, `escalation-…`, `approvals-h`):
    /// letters, digits, `-` and `_`, so the address cannot be made to say anything else.
    static func element(_ text: String) -> String? {
        guard !text.isEmpty, text.count <= 200,
              text.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" })
        else { return nil }
        return text
    }
}

/// An edit of an approval's values the server could not use, shown again in its card as typed,
/// with the reason beside the field.
struct InboxDraft: Sendable {
    /// The action whose card holds the edit.
    let action: String
    /// The values as typed.
    let params: String
    /// The note as typed.
    let note: String
    /// Whether "Approve with these changed values" was ticked.
    let edit: Bool
    /// Why the values cannot be used.
    let problem: String

    /// `card` showing this draft when it is the draft's card.
    func apply(to card: [String: Any]) -> [String: Any] {
        guard card["id"] as? String == action else { return card }
        return card.merging([
            "params": params, "note": note, "editOpen": true, "editChecked": edit, "paramsError": problem,
        ]) { $1 }
    }
}
