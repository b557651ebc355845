/// One part's length against one account's limit: what `herald check` shows per target, valid or not.
public struct PartMeasurement: Sendable, Hashable {
    /// The account's name.
    public var account: String
    /// The network whose rules were applied (`Account.lengthRules`).
    public var network: Network
    /// 0-based, as in the outbox.
    public var part: Int
    /// The 1-based line where the part starts.
    public var line: Int
    public var length: Int
    public var limit: Int
    /// Why the network would refuse the part (too long, too many bytes, invalid characters), or nil.
    public var problem: TextMeasureProblem?

    public init(
        account: String, network: Network, part: Int, line: Int, length: Int, limit: Int,
        problem: TextMeasureProblem? = nil
    ) {
        self.account = account
        self.network = network
        self.part = part
        self.line = line
        self.length = length
        self.limit = limit
        self.problem = problem
    }

    public var isWithinLimit: Bool { length <= limit }

    /// Whether the network would take the part: within every limit and free of invalid characters.
    public var isPublishable: Bool { problem == nil && isWithinLimit }
}
