import Foundation

/// One time an evergreen post file filled a slot (the `evergreen_uses` table).
public struct EvergreenUse: Sendable, Equatable {
    public var fileName: String
    public var contentHash: String
    /// The slot it was submitted for.
    public var slot: Date

    public init(fileName: String, contentHash: String, slot: Date) {
        self.fileName = fileName
        self.contentHash = contentHash
        self.slot = slot
    }
}
