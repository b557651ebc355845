import Foundation
import HeraldCore

/// An evergreen file recorded for one slot of an account (a row of `evergreen_uses`).
public struct EvergreenSubmission: Sendable, Equatable {
    public var account: String
    public var use: EvergreenUse
    /// The `Id:` its post file carries.
    public var submitterID: String

    public init(account: String, use: EvergreenUse, submitterID: String) {
        self.account = account
        self.use = use
        self.submitterID = submitterID
    }
}
