public import Hummingbird
import StewardCore

/// An address under `/ui` that no route takes is answered with the "Page not found" page, not
/// with the API's JSON problem: the router gives up on a partial match such as `/ui/agents/`
/// before the pages' catch-all route sees it.
public struct PageNotFoundMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext
    let pages: PageController

    /// The middleware over the pages that draw the answer.
    public init(pages: PageController) { self.pages = pages }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            let path = request.uri.path
            guard request.method == .get || request.method == .head, PagePaths.isPage(path), !PagePaths.isAsset(path) else { throw error }
            return try await pages.page(.operator, .read, pages.notFound)(request, context)
        }
    }
}
