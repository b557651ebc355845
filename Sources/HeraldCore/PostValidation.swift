/// The outcome of checking a parsed post file against the configuration.
public struct PostValidation: Sendable, Equatable {
    /// Every problem found (not only the first), file-wide ones first, then by line.
    public var errors: [PostFileError]
    /// One per account, in the order of `Account:`; empty unless the file is valid.
    public var targets: [PostTarget]
    /// Each part's length against each known account's limit, also when the file is invalid, so `herald check`
    /// can show them.
    public var measurements: [PartMeasurement]
    /// Things worth telling the author that do not make the file invalid (missing alt text).
    public var warnings: [PostWarning]

    public init(
        errors: [PostFileError], targets: [PostTarget], measurements: [PartMeasurement] = [],
        warnings: [PostWarning] = []
    ) {
        self.errors = errors
        self.targets = targets
        self.measurements = measurements
        self.warnings = warnings
    }

    /// Whether the post can be accepted: no errors.
    public var isValid: Bool { errors.isEmpty }
}
