import HeraldCore

extension ConfigBuilder {
    /// LinkedIn accounts: `author` (required, a person or organization URN), `visibility` (`public`, the default,
    /// `connections` or `logged_in`) and `linkedin_version` (`YYYYMM`).
    func readLinkedInKeys(_ reader: TableReader, into account: inout Account) throws(ConfigError) {
        guard account.network == .linkedin else {
            for key in ["author", "linkedin_version"] where reader.fields[key] != nil {
                throw reader.error(.keyNotForNetwork(key: key, network: account.network.rawValue), key: key)
            }
            return
        }
        guard let author = try reader.string("author") else {
            throw reader.error(.invalidValue(
                key: "author", reason: "a linkedin account needs the URN it posts as (urn:li:person:ID or "
                    + "urn:li:organization:ID)"), key: "network")
        }
        guard LinkedInSettings.isAuthorURN(author) else {
            let reason = "\"\(author)\" is not urn:li:person:ID or urn:li:organization:ID"
            throw reader.error(.invalidValue(key: "author", reason: reason), key: "author")
        }
        account.linkedIn.author = author
        if let version = try reader.string("linkedin_version") {
            guard LinkedInSettings.isVersion(version) else {
                throw reader.error(.invalidValue(
                    key: "linkedin_version", reason: "\"\(version)\" is not a YYYYMM version"), key: "linkedin_version")
            }
            account.linkedIn.version = version
        }
        if let text = try reader.string("visibility") {
            guard let visibility = LinkedInSettings.Visibility(rawValue: text) else {
                let allowed = LinkedInSettings.Visibility.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error(.invalidValue(key: "visibility", reason: "\"\(text)\" is not one of \(allowed)"),
                                   key: "visibility")
            }
            account.linkedIn.visibility = visibility
        }
    }

    /// `media_base_url` (Threads accounts): where `media_dirs` are served publicly; needs `media_dirs`.
    func readMediaBaseURL(_ reader: TableReader, into account: inout Account) throws(ConfigError) {
        guard let url = try reader.string("media_base_url") else { return }
        guard account.network == .threads else {
            throw reader.error(.keyNotForNetwork(key: "media_base_url", network: account.network.rawValue),
                               key: "media_base_url")
        }
        guard Self.isValidHTTPURL(url) else { throw reader.error(.badURL(key: "media_base_url", value: url),
                                                                 key: "media_base_url") }
        guard !account.mediaDirectories.isEmpty else {
            throw reader.error(.invalidValue(
                key: "media_base_url", reason: "it says where media_dirs are served, and there are none"),
                key: "media_base_url")
        }
        account.mediaBaseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
