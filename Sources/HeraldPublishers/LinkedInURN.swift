/// LinkedIn URNs as Herald uses them (pure).
public enum LinkedInURN {
    /// The post a thread's later part comments on, from the previous part's remote id (or an `In-Reply-To:`):
    /// a post URN (`urn:li:share:…`, `urn:li:ugcPost:…`) is itself; a comment URN
    /// `urn:li:comment:(urn:li:share:1,2)` names the post it is on. Nil for anything else.
    public static func commentTarget(of id: String) -> String? {
        if isPost(id) { return id }
        let prefix = "urn:li:comment:("
        guard id.hasPrefix(prefix), id.hasSuffix(")"), let comma = id.lastIndex(of: ",") else { return nil }
        let object = String(id[id.index(id.startIndex, offsetBy: prefix.count)..<comma])
        return object.hasPrefix("urn:li:") ? object : nil
    }

    /// Whether `id` is a post URN.
    public static func isPost(_ id: String) -> Bool {
        for prefix in ["urn:li:share:", "urn:li:ugcPost:"] where id.hasPrefix(prefix) {
            return id.count > prefix.count
        }
        return false
    }

    /// `urn:li:comment:(OBJECT,ID)` from the id of a comment LinkedIn answered with (already that URN, or the
    /// bare comment id).
    public static func comment(_ answered: String, on object: String) -> String {
        answered.hasPrefix("urn:li:comment:") ? answered : "urn:li:comment:(\(object),\(answered))"
    }
}
