import Foundation

/// A confidential term from the policy terms file: a codename or unreleased product, secret until `until` (or for
/// good when `until` is nil).
public struct ConfidentialTerm: Sendable, Equatable {
    /// The term as written in the file (one or more words).
    public var term: String
    /// When the term becomes public. Before it, a post naming the term is scheduled no earlier; after it, the term
    /// no longer hits.
    public var until: Date?
    /// The 1-based line in the terms file, for messages.
    public var line: Int?

    public init(term: String, until: Date? = nil, line: Int? = nil) {
        self.term = term
        self.until = until
        self.line = line
    }
}
