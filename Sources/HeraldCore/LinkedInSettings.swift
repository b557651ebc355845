/// A LinkedIn account's settings (`author`, `visibility`, `linkedin_version` in its `[[accounts]]` table).
public struct LinkedInSettings: Sendable, Equatable {
    /// Who LinkedIn can show a post to.
    public enum Visibility: String, Sendable, CaseIterable {
        case `public`, connections
        case loggedIn = "logged_in"

        /// The value of the Posts API's `visibility`.
        public var apiValue: String {
            switch self {
            case .public: "PUBLIC"
            case .connections: "CONNECTIONS"
            case .loggedIn: "LOGGED_IN"
            }
        }
    }

    /// The API version Herald speaks when the configuration names none (`LinkedIn-Version`). LinkedIn retires
    /// versions about a year after their release: `linkedin_version` moves an installation to a newer one.
    public static let defaultVersion = "202611"

    /// The person or organization URN the posts are by (`urn:li:person:…`, `urn:li:organization:…`).
    public var author: String
    public var visibility: Visibility
    /// `YYYYMM`, sent as `LinkedIn-Version`.
    public var version: String

    public init(author: String = "", visibility: Visibility = .public, version: String = Self.defaultVersion) {
        self.author = author
        self.visibility = visibility
        self.version = version
    }

    /// Whether `text` is an author URN LinkedIn takes: a person or an organization, with a numeric or opaque id.
    public static func isAuthorURN(_ text: String) -> Bool {
        for prefix in ["urn:li:person:", "urn:li:organization:"] where text.hasPrefix(prefix) {
            let id = text.dropFirst(prefix.count)
            return !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
        return false
    }

    /// Whether `text` is a `YYYYMM` version from 2020 on.
    public static func isVersion(_ text: String) -> Bool {
        guard text.count == 6, text.allSatisfy(\.isASCII), let value = Int(text) else { return false }
        return value / 100 >= 2020 && (1...12).contains(value % 100)
    }
}
