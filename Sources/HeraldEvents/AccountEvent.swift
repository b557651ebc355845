/// Events of a whole account (not of one post), as `HERALD_EVENT`, with their own fixed `MESSAGE_ID`s.
public enum AccountEvent: String, Sendable, CaseIterable {
    /// The network refused the account's credentials: its posts wait for new ones.
    case paused
    /// New credentials arrived (a reload or restart): the account's posts go out again.
    case resumed

    public var messageID: String {
        switch self {
        case .paused: "34935d439afb433d8e8b28fa98dcd83d"
        case .resumed: "f17bd71a76b64fc883978ecd65e77b69"
        }
    }
}
