import Foundation
import HeraldCore

/// `[[feeds]]`: RSS and Atom feeds whose new items become post files (issue 14). Every key is checked here, so a
/// feed that could never post (an unknown account, a template with `{titel}`) is a config error with its line,
/// not a journal entry at the first poll.
extension ConfigBuilder {
    static let feedKeys = [
        "name", "url", "path", "account", "every", "template", "hold", "max_per_poll", "timeout",
    ]

    func readFeeds(_ top: TableReader, accounts: [Account]) throws(ConfigError) -> [Feed] {
        var feeds: [Feed] = []
        var readers: [TableReader] = []
        for (index, fields) in try top.arrayOfTables("feeds").enumerated() {
            var reader = top.child([.key("feeds"), .index(index)], subject: "feeds[\(index + 1)]", fields: fields)
            try reader.rejectUnknownKeys(allowed: Self.feedKeys)
            let source = try feedSource(reader)
            let name: String
            if reader.fields["name"] != nil {
                name = try readName(&reader, kind: "feed", allowedKeys: nil)
            } else {
                name = source.description
                reader.subject += " (\(name))"
            }
            if let first = feeds.firstIndex(where: { $0.name == name }) {
                let problem = ConfigProblem.duplicateName(kind: "feed", name: name, firstLine: readers[first].line)
                throw reader.error(problem, key: reader.fields["name"] == nil ? "url" : "name")
            }
            guard let account = try reader.string("account") else { throw reader.error(.missingKey("account")) }
            guard let configured = accounts.first(where: { $0.name == account }) else {
                throw reader.error(.unknownAccount(key: "account", name: account), key: "account")
            }
            var feed = Feed(name: name, source: source, account: account)
            if let every = try reader.duration("every", allowZero: false) { feed.every = every }
            if let text = try reader.string("template") {
                do {
                    feed.template = try FeedTemplate(text)
                } catch {
                    throw reader.error(.invalidValue(key: "template", reason: error.description), key: "template")
                }
            }
            if let hold = try reader.boolean("hold") { feed.hold = hold }
            // Held items nobody may approve would only ever expire: say so now, not after the first lost item.
            if feed.hold && configured.approvers.isEmpty {
                let reason = "items are held for an approver (the default), but account \(account) has no approvers; "
                    + "add approvers to the account or set hold = false"
                throw reader.error(.invalidValue(key: "hold", reason: reason),
                                   key: reader.fields["hold"] == nil ? "account" : "hold")
            }
            if let count = try reader.integer("max_per_poll") {
                guard count > 0 else {
                    throw reader.error(.notPositive(key: "max_per_poll", value: String(count)), key: "max_per_poll")
                }
                feed.maxPerPoll = count
            }
            if let timeout = try reader.duration("timeout", allowZero: false) { feed.timeout = timeout }
            feeds.append(feed)
            readers.append(reader)
        }
        return feeds
    }

    /// `url` (http, https, or file) or `path` (absolute), exactly one of them.
    private func feedSource(_ reader: TableReader) throws(ConfigError) -> Feed.Source {
        let url = try reader.nonEmptyString("url")
        let path = try reader.nonEmptyString("path")
        switch (url, path) {
        case (nil, nil):
            throw reader.error(.missingKey("url"))
        case (.some, .some):
            throw reader.error(.invalidValue(key: "path", reason: "give url or path, not both"), key: "path")
        case let (nil, path?):
            guard path.hasPrefix("/") else {
                throw reader.error(.invalidValue(key: "path", reason: "must be an absolute path"), key: "path")
            }
            return .file(path)
        case let (url?, nil):
            if url.lowercased().hasPrefix("file://") {
                let path = String(url.dropFirst(7))
                guard path.hasPrefix("/") else { throw reader.error(.badURL(key: "url", value: url), key: "url") }
                return .file(path.removingPercentEncoding ?? path)
            }
            guard Self.isValidHTTPURL(url) else { throw reader.error(.badURL(key: "url", value: url), key: "url") }
            return .url(url)
        }
    }
}
