/// One language's profanity word list (`etc/herald/policy/profanity-LANG.txt`): whole words, and stems written
/// with a trailing `*` that also match every word starting with them (`fuck*` matches `fucking`).
public struct ProfanityList: Sendable, Equatable {
    /// One list entry, already normalised the way post words are (see `WordNormalizer`).
    public struct Entry: Sendable, Equatable {
        /// The entry as written in the file, for messages.
        public var word: String
        /// The normalised form matched against post words.
        public var normalized: String
        public var isStem: Bool
        public var line: Int

        public init(word: String, normalized: String, isStem: Bool, line: Int) {
            self.word = word
            self.normalized = normalized
            self.isStem = isStem
            self.line = line
        }
    }

    public var language: String
    public var entries: [Entry]

    public init(language: String, entries: [Entry]) {
        self.language = language
        self.entries = entries
    }
}
