/// The `Server-Timing` header (W3C): named durations in milliseconds.
enum ServerTiming {
    static func header(_ parts: KeyValuePairs<String, Duration>) -> String {
        parts.map { name, duration in
            let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            return "\(name);dur=\(Figures.fixed(ms, decimals: 1))"
        }.joined(separator: ", ")
    }
}
