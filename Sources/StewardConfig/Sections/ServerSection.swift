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
            m.read("idleTimeoutSeconds", into: &server.idleTimeoutSeconds, as: .integer(in: 1...3_600))
            m.read("ledgerAuditMinutes", into: &server.ledgerAuditMinutes, as: .integer(in: 0...10_080))
            // Read by nothing, it promised a past-side limit nobody applied: the two limits of a
            // signal's `ts` now live with the other signal settings.
            let replaced = m.child("signalSkewSeconds")
            if !replaced.isAbsent {
                replaced.report(
                    "server.signalSkewSeconds was removed: a signal's ts is limited by remediation.signals.maxFutureSkewSeconds "
                        + "(ahead of the server's clock) and remediation.signals.maxAgeSeconds (behind it); set those instead")
            }
        }
        configuration.server = server
    }
}
