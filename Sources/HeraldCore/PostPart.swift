/// One status of a post: the whole body, or one part of a thread split at `---` lines.
public struct PostPart: Sendable, Hashable {
    /// The text to publish, without the newlines next to the separators.
    public var text: String
    /// The file's line number (1-based) of the part's first line, so a later error (its length) can cite it.
    public var line: Int

    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}
