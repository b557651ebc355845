/// A Unix identity as the kernel reported it (a file's owner uid), resolved to its user name and group names.
/// `submitters` and `approvers` lists match against it: plain entries are user names, `@name` entries groups.
public struct Principal: Sendable, Equatable {
    public var uid: UInt32
    public var user: String
    /// Every group the user is in (primary and supplementary), by name.
    public var groups: [String]

    public init(uid: UInt32, user: String, groups: [String]) {
        self.uid = uid
        self.user = user
        self.groups = groups
    }

    /// Whether a `submitters` / `approvers` list names this user, directly or through one of its `@group`s.
    public func isListed(in entries: [String]) -> Bool {
        entries.contains { entry in
            if entry.hasPrefix("@") { return groups.contains(String(entry.dropFirst())) }
            return entry == user
        }
    }
}
