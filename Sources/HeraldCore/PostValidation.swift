/// The outcome of checking a parsed post file against the configuration.
public struct PostValidation: Sendable, Equatable {
    /// Every problem found (not only the first), file-wide ones first, then by line.
    public var errors: [PostFileError]
    /// One per account, in the order of `Account:`; empty unless the file is valid.
    public var targets: [PostTarget]
    /// Each part's length against each known account's limit, also when the file is invalid, so `herald check`
    /// can show them.
    public var measurements: [PartMeasurement]

    public init(errors: [PostFileError], targets: [PostTarget], measurements: [PartMeasurement] = []) {
        self.errors = errors
        self.targets = targets
        self.measurements = measurements
    }

    /// Whether the post can be accepted: no errors.
    public var isValid: Bool { errors.isEmpty }
}
