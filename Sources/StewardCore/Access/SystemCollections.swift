/// Where Steward keeps its own records among the state rows.
///
/// Keys and tenants live under a reserved namespace so a key can be found by its id alone; the
/// ledger entries that created them stay in each tenant's own chain.
public enum SystemCollections {
    /// The reserved projection namespace (not a tenant; tenant names may not start with `_`).
    public static let namespace = "_steward"
    /// API key records, by key id.
    public static let apiKeys = "api_keys"
    /// Tenants, by tenant id.
    public static let tenants = "tenants"
}
