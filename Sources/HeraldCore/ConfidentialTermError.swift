/// Why a confidential terms file could not be read; the config loader adds the file name.
public enum ConfidentialTermError: Error, Sendable, Equatable {
    case invalidUntil(line: Int, value: String)
    case emptyTerm(line: Int)
}
