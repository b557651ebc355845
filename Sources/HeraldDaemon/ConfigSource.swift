import HeraldConfig
import HeraldCore

extension DaemonOptions {
    /// Loads the configuration and applies the command-line path overrides.
    public func loadConfiguration() throws(ConfigError) -> HeraldConfiguration {
        var config = try ConfigLoader.load(path: configPath)
        if let spool { config.daemon.spool = spool }
        if let state { config.daemon.state = state }
        return config
    }
}
