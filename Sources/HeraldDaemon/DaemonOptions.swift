import HeraldConfig

/// What `heraldd`'s flags say: the config file and optional overrides of its paths.
public struct DaemonOptions: Sendable {
    public var configPath: String
    public var spool: String?
    public var state: String?
    /// Plan every batch of planned posts later, never inline (`PlanPacer.defersAll`): the path a burst takes,
    /// on demand, for tests.
    public var deferPlanning = false
    /// Drop clean code pages after a burst (`MemoryTrim`). heraldd does; a daemon run inside another process (the
    /// in-process tests) must not page out its host's code.
    public var releasesCodePages = true

    public init(configPath: String = ConfigLoader.defaultPath, spool: String? = nil, state: String? = nil) {
        self.configPath = configPath
        self.spool = spool
        self.state = state
    }
}
