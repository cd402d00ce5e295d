/// The API's paths and their methods as openapi.yaml documents them, so a request for a known
/// path with a method it does not take is answered 405 with `Allow` instead of 404. A test holds
/// every served route to the document, so the two cannot drift apart.
struct DocumentedRoutes: Sendable {
    /// Each path's segments (`{id}` matches any one segment) and its methods, upper case.
    let routes: [(segments: [Substring], methods: [String])]

    /// The routes of the shipped document.
    static let shipped = DocumentedRoutes(openAPI: OpenAPIController.document)

    /// Reads the `paths` of an OpenAPI document written as this project writes it: a path at two
    /// spaces' indent, its operations at four.
    init(openAPI text: String) {
        var routes: [(segments: [Substring], methods: [String])] = []
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !line.hasPrefix(" ") { inPaths = line.hasPrefix("paths:"); continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                routes.append((line.dropFirst(2).dropLast().split(separator: "/"), []))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let last = routes.indices.last {
                let key = line.dropFirst(4).prefix { $0 != ":" }
                if ["get", "post", "put", "patch", "delete"].contains(key) { routes[last].methods.append(key.uppercased()) }
            }
        }
        self.routes = routes
    }

    /// The methods documented for `path` (with HEAD where GET is), or nil when no documented path matches it.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        var found: [String]?
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
            }
            if matches { found = (found ?? []) + route.methods }
        }
        // HEAD is answered wherever GET is (the router generates it).
        return found.map { methods in Array(Set(methods + (methods.contains("GET") ? ["HEAD"] : []))).sorted() }
    }
}
