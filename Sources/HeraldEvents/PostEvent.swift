/// The post events DESIGN's journal contract names; `HERALD_EVENT` carries the raw value.
public enum PostEvent: String, Sendable, CaseIterable {
    case accepted, rejected, scheduled, published, retrying, failed, missed, cancelled, disclosure
    /// The policy gate (issue 6): a target held for an approver, released by one, or expired unapproved; and
    /// `policy`, one entry per rule hit (with `HERALD_RULE`), whatever the rule's action.
    case held, approved, expired, policy

    /// The journal's `MESSAGE_ID` for this kind of event: fixed forever, listed in the README, so
    /// `journalctl MESSAGE_ID=…` finds every event of a kind whatever its message says.
    public var messageID: String {
        switch self {
        case .accepted: "410cd4f319c14178a6f40d2f0b23e687"
        case .rejected: "12adef49ac2a4e7ca20214bbc37e629e"
        case .scheduled: "d716d32e88ef40c8b0ad5ea569fef275"
        case .published: "aada030b617d4ce7807ab110796e011c"
        case .retrying: "cd990aa824e3453cbc6438ba4261906d"
        case .failed: "9ed95663fc4c4d7a84a36fdc0e0fa377"
        case .missed: "f839128f98f741bd847881a5152413ea"
        case .cancelled: "30fd4ca5ea2a44dabc5e12ad7a28f636"
        case .disclosure: "a54f1a6210fb4d2f9f160363deb119af"
        case .held: "ffe8f0200ba143859dffb01a0e1e2f01"
        case .approved: "c193339454534d6982505946cb4b29b6"
        case .expired: "64d8d292bc6442b8ae85978a9c548fc8"
        case .policy: "790929dcae9b4a60b402e6199aad8b89"
        }
    }
}
