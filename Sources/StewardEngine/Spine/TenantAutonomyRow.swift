import StewardCore

extension TenantAutonomy {
    /// A tenant's autonomy as the configuration starts it, before the API changes anything.
    static func configured(_ a: AutonomySettings) -> TenantAutonomy {
        TenantAutonomy(mode: a.mode, autopilotScope: a.autopilotScope, accountDailyActions: a.accountDailyActions)
    }
}

extension Store {
    /// The tenant's autonomy: as the API left it, or the configuration's `defaults`.
    func tenantAutonomy(_ tenant: String, defaults: AutonomySettings) async throws(SpineError) -> TenantAutonomy {
        let row: ProjectionDocument?
        do {
            row = try await projection(tenant: tenant, collection: SpineRows.autonomy, id: SpineRows.tenantAutonomy)
        } catch {
            throw .store(error)
        }
        guard let row else { return .configured(defaults) }
        do {
            return try JSONValueDecoder.decode(TenantAutonomy.self, from: row.body)
        } catch {
            throw .store(StoreError(.corrupt, operation: "read \(row.collection)/\(row.id)", reason: "\(error)"))
        }
    }
}
