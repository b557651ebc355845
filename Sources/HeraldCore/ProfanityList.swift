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

    /// Where a list's entries came from, for `herald check-config` and the journal.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// The list compiled into Herald (`ProfanityList.builtIn`), with its entry count.
        case builtIn(entries: Int)
        /// A `profanity-LANG.txt` file, with the entries it brought.
        case file(path: String, entries: Int)

        public var description: String {
            switch self {
            case .builtIn(let entries): "built in (\(entries))"
            case .file(let path, let entries): "\(path) (\(entries))"
            }
        }
    }

    public var language: String
    public var entries: [Entry]
    /// Where the entries came from, in the order they were added; empty for a list parsed alone.
    public var sources: [Source]

    public init(language: String, entries: [Entry], sources: [Source] = []) {
        self.language = language
        self.entries = entries
        self.sources = sources
    }
}
