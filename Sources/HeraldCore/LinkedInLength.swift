/// LinkedIn's lengths: a post's `commentary` takes 3,000 characters, a comment 1,250, counted (as LinkedIn's own
/// composer and every peer count them) in UTF-16 code units, so an emoji outside the BMP counts 2. The text is
/// measured as written, before the "little text" escaping the API needs (``LinkedInLittleText``), which adds
/// backslashes LinkedIn does not show or count.
///
/// A thread's first part is the post and the later parts are its comments, so they have the smaller limit.
public enum LinkedInLength {
    /// The most a post's commentary may count.
    public static let maxPostLength = 3000
    /// The most a comment (a thread's later part) may count.
    public static let maxCommentLength = 1250

    /// The limit of part `part` (0-based) of a thread.
    public static func limit(part: Int) -> Int {
        part == 0 ? maxPostLength : maxCommentLength
    }

    /// The length of `text` as LinkedIn counts it.
    public static func length(_ text: String) -> Int {
        text.utf16.count
    }
}
