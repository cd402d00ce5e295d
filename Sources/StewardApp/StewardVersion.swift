/// The release of Steward this binary is: `steward --version`, `steward_build_info` in `/metrics`,
/// the `Server` header and the start-up log. Kept equal to `info.version` of openapi.yaml (a test checks).
public enum StewardVersion {
    /// The version, as semantic versioning writes it.
    public static let current = "0.1.0"
}
