/// One post file of an account's evergreen folder, as the picker sees it.
public struct EvergreenCandidate: Sendable, Equatable {
    /// The file's name in the folder.
    public var name: String
    /// `EvergreenPicker.contentHash` of its bytes: an edited file is a new post to the networks.
    public var contentHash: String

    public init(name: String, contentHash: String) {
        self.name = name
        self.contentHash = contentHash
    }
}
