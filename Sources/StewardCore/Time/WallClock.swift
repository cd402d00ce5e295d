/// A source of the current time, injected wherever something must know "now".
///
/// The engine uses the system clock, the simulator a virtual one, tests a fixed one; nothing in
/// Core reads time any other way.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Timestamp
}
