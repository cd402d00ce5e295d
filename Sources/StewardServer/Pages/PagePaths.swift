import Foundation
import Hummingbird

/// Where the Control Center lives: its pages are under `/ui`, with `/` leading to the fleet.
enum PagePaths {
    static let root = "/ui"
    static let signIn = "/ui/sign-in"
    static let fleet = "/ui/fleet"
    static let ledger = "/ui/ledger"
    static let feed = "/ui/feed"
    static let skills = "/ui/skills"
    static let assets = "/ui/assets/"

    /// Whether a path is a page (unauthenticated visitors are sent to sign in, not given a 401).
    static func isPage(_ path: String) -> Bool { path == "/" || path == root || path.hasPrefix(root + "/") }

    /// Whether a path is a part of a page the page's script fetches (a tile, the inbox count).
    static func isFragment(_ path: String) -> Bool { path.hasPrefix(root + "/tiles/") || path == root + "/tiles" || path == root + "/inbox-count" }

    /// Whether a path is one of the pages' static files.
    static func isAsset(_ path: String) -> Bool { path.hasPrefix(assets) }

    /// The sign-in page, remembering the page that was asked for (GET requests only).
    static func signInRedirect(from request: Request) -> String {
        guard request.method == .get, request.uri.path != "/" else { return signIn }
        return signIn + "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) ?? "")
    }

    /// A safe place to go after signing in: only a local page path.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix(root + "/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://") else { return fleet }
        return next
    }
}
