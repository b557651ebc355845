/// Why a profanity word list could not be read; the config loader adds the file name.
public enum ProfanityListError: Error, Sendable, Equatable {
    /// A line that is not one word of letters, optionally ending in `*`.
    case invalidEntry(line: Int, text: String, reason: String)
}
