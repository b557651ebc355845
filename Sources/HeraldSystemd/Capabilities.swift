import CSystemd

/// Process capabilities as the unit grants them.
public enum Capabilities {
    /// Clears the ambient set: the daemon keeps what it was started with (CAP_LEASE, for read leases on spool
    /// files), but the commands exec accounts run get none of it. A no-op where nothing is ambient.
    public static func dropAmbient() {
        _ = herald_clear_ambient_capabilities()
    }
}
