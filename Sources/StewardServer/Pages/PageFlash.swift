import Foundation
import Hummingbird

/// The one-line message a form's redirect carries to the next page. It travels in a short-lived
/// cookie only the server sets, never in the address: a link cannot put words in the app's mouth,
/// and a reload does not show the message again.
extension PageController {
    static let flashCookie = "steward_flash"
    /// Enough for any message the pages write; a cookie holds about 4 KB.
    static let flashLimit = 600

    /// A redirect back to a page with a one-line message shown once.
    func back(to path: String, _ message: String, kind: String = "ok") -> Response {
        Self.back(to: path, message, kind: kind)
    }

    /// A redirect back to a page with a one-line message shown once, for those without a controller.
    static func back(to path: String, _ message: String, kind: String = "ok") -> Response {
        let text = String(message.prefix(Self.flashLimit)).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var response = Response.redirect(to: path)
        // Not Secure: the cookie is a message to show, not a credential, and must work on plain loopback too.
        response.setCookie(Cookie(
            name: Self.flashCookie, value: "\(kind == "ok" ? "ok" : "problem").\(text)", maxAge: 60, path: PagePaths.root,
            httpOnly: true, sameSite: .strict))
        return response
    }

    /// The one-line message a redirect carried, if any.
    func flash(_ request: Request) -> [String: Any]? {
        guard let value = request.cookies[Self.flashCookie]?.value, let dot = value.firstIndex(of: ".") else { return nil }
        guard let text = String(value[value.index(after: dot)...]).removingPercentEncoding, !text.isEmpty else { return nil }
        if value[..<dot] == "ok" { return ["kind": "ok", "text": text] }
        return ["kind": "problem", "text": text, "isProblem": true]
    }

    /// `response` with the message cookie cleared, once a whole page (not a tile or a count) was drawn.
    func withFlashShown(_ request: Request, _ response: Response) -> Response {
        guard request.method == .get, request.cookies[Self.flashCookie] != nil, !PagePaths.isFragment(request.uri.path) else { return response }
        var response = response
        response.setCookie(Cookie(name: Self.flashCookie, value: "", maxAge: 0, path: PagePaths.root, httpOnly: true, sameSite: .strict))
        return response
    }
}
