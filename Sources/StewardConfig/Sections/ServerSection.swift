import StewardCore

/// `server:` where `steward serve` listens and keeps its data.
enum ServerSection: ConfigurationSection {
    static let key = "server"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        var server = configuration.server
        node.mapping { m in
            m.read("host", into: &server.host, as: .text)
            m.read("port", into: &server.port, as: .integer(in: 1...65_535))
            m.read("dataDir", into: &server.dataDir, as: .text)
            m.read("maxBodyBytes", into: &server.maxBodyBytes, as: .integer(atLeast: 1))
            m.read("signalSkewSeconds", into: &server.signalSkewSeconds, as: .integer(atLeast: 1))
        }
        configuration.server = server
    }
}
