/// What a publisher can tell about an attempt that was in flight when the daemon stopped (crash, kill -9, power
/// loss): the attempt was recorded, but its outcome never was. See ``Publisher/resolve(_:)``.
public enum Resolution: Sendable, Equatable {
    /// The status did go out; record it as published with this remote id and do not publish it again.
    case published(remoteID: String)
    /// The status certainly did not go out; publishing it again (same seq, same idempotency key) is safe.
    case notPublished
    /// The publisher cannot tell (an opaque command, a network without look-up). The caller decides; see
    /// ``Publisher`` for the rule Herald follows.
    case unknown
}
