import StewardCore

/// What the gate read for one decision: its input, and the version of the tenant's autonomy row
/// (mode, scope, level, kill switch) the input came from.
///
/// A decision to run alone commits only while that row is still at this version, so a kill
/// switch engaged between the read and the commit sends the proposal back to the gate.
struct GateReading: Sendable {
    /// The gate's input.
    var input: GateInput
    /// The autonomy row's version when it was read; 0 when the tenant has none yet.
    var autonomyVersion: Int64
    /// The daily budget the proposal spends, with the cap in force when it was read.
    var budget: DailyBudget

    /// The precondition that holds the commit to the autonomy the gate saw.
    func autonomyUnchanged(tenant: String) -> ProjectionPrecondition {
        ProjectionPrecondition(tenant: tenant, collection: SpineRows.autonomy, id: SpineRows.tenantAutonomy, expectedVersion: autonomyVersion)
    }
}
