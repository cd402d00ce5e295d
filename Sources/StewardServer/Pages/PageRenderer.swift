import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import StewardCore

/// Renders the Control Center's mustache templates (shipped in the binary's resources) and serves
/// its stylesheet and script. `{{value}}` escapes HTML, so whatever a person or an agent sent is
/// shown as text.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let assets: [String: (bytes: [UInt8], type: String)]

    /// Loads every template and asset from the `web` resource folder.
    static func load() throws(PageError) -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "web", withExtension: nil) else {
            throw PageError("the Control Center's templates are missing from the binary's resources (web/)")
        }
        var library = MustacheLibrary()
        var assets: [String: (bytes: [UInt8], type: String)] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            if name.hasSuffix(".mustache") {
                do {
                    try library.register(text, named: String(name.dropLast(".mustache".count)))
                } catch {
                    throw PageError("template \(name) does not parse: \(error)")
                }
            } else if let type = Self.contentTypes[(name as NSString).pathExtension] {
                assets[name] = (Array(data), type)
            }
        }
        return PageRenderer(library: library, assets: assets)
    }

    static let contentTypes = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]

    /// The HTML of `template` over `data`.
    func html(_ template: String, _ data: [String: Any]) throws(PageError) -> String {
        guard let text = library.render(MustacheValue.settled(data), withTemplate: template) else { throw PageError("there is no template named \(template)") }
        return text
    }

    /// A full page response.
    func page(_ template: String, _ data: [String: Any], status: HTTPResponse.Status = .ok) throws(PageError) -> Response {
        Self.htmlResponse(try html(template, data), status: status)
    }

    static func htmlResponse(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
                .contentTypeOptions: "nosniff", .referrerPolicy: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A page could not be produced (a template is missing or broken).
struct PageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Turns the engine's JSON views into values mustache can walk (dictionaries, arrays, text, numbers).
enum MustacheValue {
    static func of(_ value: JSONValue) -> Any {
        switch value {
        case .null: return Optional<String>.none as Any
        case .bool(let b): return b
        case .int(let i): return Int(i)
        case .double(let d): return d
        case .string(let s): return s
        case .array(let items): return items.map(of)
        case .object(let members): return members.mapValues(of)
        }
    }

    /// `value` with every nil and empty text left out, nested dictionaries and arrays included:
    /// mustache would print a nil as "nil" and open a section on it or on "".
    static func settled(_ value: [String: Any]) -> [String: Any] {
        value.compactMapValues(settled)
    }

    private static func settled(_ value: Any) -> Any? {
        if let optional = value as? any OptionalValue {
            guard let wrapped = optional.wrapped else { return nil }
            return settled(wrapped)
        }
        switch value {
        case let text as String: return text.isEmpty ? nil : text
        case let object as [String: Any]: return settled(object)
        case let items as [Any]: return items.compactMap(settled)
        default: return value
        }
    }

    /// Any encodable engine value as a mustache dictionary (empty when it does not encode to an object).
    static func object(_ value: some Encodable) -> [String: Any] {
        (try? JSONValueEncoder.encode(value)).map(of) as? [String: Any] ?? [:]
    }
}

/// Lets `MustacheValue.settled` see through an Optional stored as `Any`.
private protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrapped: Any? { self.map { $0 as Any } }
}
