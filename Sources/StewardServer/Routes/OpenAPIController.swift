import Foundation
public import Hummingbird

/// `/openapi.yaml`: the API's OpenAPI 3.1 description, shipped inside the binary's resources.
public struct OpenAPIController: Sendable {
    /// The document's text.
    public static let document: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "openapi: 3.1.0\ninfo: {title: Steward, version: unknown}\npaths: {}\n" }
        return text
    }()

    /// The controller.
    public init() {}

    /// Adds the route.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: Self.document)))
        }
    }
}
