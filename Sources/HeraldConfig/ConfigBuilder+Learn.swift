import HeraldCore

extension ConfigBuilder {
    /// `learn`: `off` (default), `daily` or `weekly`; only on networks whose metrics Herald fetches, since anywhere
    /// else there would never be anything to learn from.
    func readLearnKey(_ reader: TableReader, into account: inout Account) throws(ConfigError) {
        guard let text = try reader.string("learn") else { return }
        guard let frequency = LearnFrequency(rawValue: text) else {
            let allowed = LearnFrequency.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error(.invalidValue(key: "learn", reason: "\"\(text)\" is not one of \(allowed)"),
                               key: "learn")
        }
        guard frequency == .off || account.network.hasMetrics else {
            throw reader.error(.keyNotForNetwork(key: "learn", network: account.network.rawValue), key: "learn")
        }
        account.learn = frequency
    }
}
