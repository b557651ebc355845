import HeraldCore

extension ConfigBuilder {
    /// `visibility` (Mastodon accounts; LinkedIn's is read by `readLinkedInKeys`): `public` (default), `unlisted`,
    /// `private` or `direct`.
    func readMastodonKeys(_ reader: TableReader, into account: inout Account) throws(ConfigError) {
        guard account.network != .linkedin, let text = try reader.string("visibility") else { return }
        guard account.network == .mastodon else {
            throw reader.error(.keyNotForNetwork(key: "visibility", network: account.network.rawValue),
                               key: "visibility")
        }
        guard let visibility = MastodonVisibility(rawValue: text) else {
            let allowed = MastodonVisibility.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error(.invalidValue(key: "visibility", reason: "\"\(text)\" is not one of \(allowed)"),
                               key: "visibility")
        }
        account.mastodonVisibility = visibility
    }
}
