/// Fills an executor URL template such as `https://agent.example/{tenant}/actions/{type}`.
///
/// Values are percent-encoded so that each stays inside one path segment: an account named
/// `a/../admin` cannot reach another route of the agent.
enum URLTemplate {
    /// The template with `{tenant}`, `{agent}`, `{account}` (empty when nil), `{type}` and `{id}`
    /// replaced; any other braces are left as written.
    static func expand(_ template: String, for request: ExecutionRequest) -> String {
        let values: [String: String] = [
            "tenant": request.tenant, "agent": request.agent, "account": request.account ?? "",
            "type": request.type, "id": request.actionID,
        ]
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"),
                let value = values[String(rest[afterOpen..<close])]
            else {
                out.append("{")
                rest = rest[afterOpen...]
                continue
            }
            out += percentEncoded(value)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Every byte outside RFC 3986's unreserved set (letters, digits, `-._~`) as `%XX`; a value of
    /// only dots is encoded whole, since `.` and `..` segments would move up the path.
    static func percentEncoded(_ value: String) -> String {
        if !value.isEmpty, value.allSatisfy({ $0 == "." }) {
            return String(repeating: "%2E", count: value.count)
        }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
