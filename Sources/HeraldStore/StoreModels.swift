import Foundation
import HeraldCore

/// A spool file ready to be committed: parsed, validated, with one target per account.
public struct NewPost: Sendable {
    public var id: String
    public var submitterID: String?
    public var fileName: String
    /// Identity of the exact spool file (device, inode, size, mtime, content hash).
    public var spoolKey: String
    public var ownerUID: UInt32
    public var content: [UInt8]
    public var author: String?
    public var kind: StoredKind
    public var language: String?
    public var inReplyTo: String?
    public var parts: [String]
    /// The accounts it goes to, as the policy gate left them (held or refused targets included).
    public var targets: [GatedTarget]
    /// The policy rule hits found at accept, recorded with the post (`policy_hits`).
    public var policyHits: [PolicyHit] = []
    /// `Media:` headers, stored in their own column (issue 16) and given to part 0's claim.
    public var media: [PostMedia] = []
    /// `Content-Warning:`, stored in its own column and given to every part's claim.
    public var contentWarning: String?
    /// `Repeat:` and its bounds: the post is queued again after each publication (issue 14).
    public var repeatRule: RepeatRule?

    public init(
        id: String, submitterID: String?, fileName: String, spoolKey: String, ownerUID: UInt32, content: [UInt8],
        author: String?, kind: StoredKind, language: String?, inReplyTo: String?, parts: [String],
        targets: [GatedTarget]
    ) {
        self.id = id
        self.submitterID = submitterID
        self.fileName = fileName
        self.spoolKey = spoolKey
        self.ownerUID = ownerUID
        self.content = content
        self.author = author
        self.kind = kind
        self.language = language
        self.inReplyTo = inReplyTo
        self.parts = parts
        self.targets = targets
    }
}

/// The lifecycle of one (post, account) target.
public enum TargetState: String, Sendable, Codable {
    /// Waiting for its time (or for its next retry, or its next thread part).
    case scheduled
    /// An attempt is in flight; `herald cancel` cannot stop it any more.
    case publishing
    case published
    case failed
    case cancelled
    /// Held by a policy rule until an approver releases it (`scheduled`) or rejects it; never claimed.
    case held
    /// Held and not approved before its time (plus `max_lateness`): never published late.
    case expired
    /// Rejected by a policy rule on this account (the post's other targets went on) or by an approver.
    case rejected
}

/// What `accept` did.
public enum AcceptOutcome: Sendable, Equatable {
    /// Committed; one scheduled instant per target, in the order given.
    case accepted(scheduled: [Date])
    /// This exact spool file was committed before (crash between commit and unlink): remove it, nothing else.
    case alreadyAccepted(postID: String)
    /// No free instant was found for this account (nothing was committed).
    case noRoom(account: String)
    /// A post with the same `Id:` already exists for this account (nothing was committed).
    case duplicateID(id: String, account: String, existingPost: String)
}

/// One part of one target, claimed for publishing: everything a publisher needs, recorded before it leaves.
public struct Claim: Sendable, Equatable {
    public var attemptID: Int64
    public var targetID: Int64
    public var postID: String
    public var account: String
    public var part: Int
    public var partCount: Int
    /// The account's status sequence number this status will have (1-based, no gaps).
    public var seq: Int
    public var idempotencyKey: String
    public var text: String
    public var inReplyTo: String?
    public var scheduledAt: Date
    public var author: String?
    public var language: String?
    public var kind: StoredKind
    /// Attempts made on this target before this one.
    public var previousAttempts: Int
    public var firstAttemptAt: Date
    /// The delegated session this status counts in (its ledger is `statuses.session`), if any.
    public var session: String? = nil
    /// What the `#team` rule did with a team post during a session (`HashtagDecision`), nil for other statuses.
    public var tag: HashtagDecision? = nil
    /// The post's `Media:` files, on part 0 only (attached to the first status of a thread).
    public var media: [PostMedia] = []
    /// The post's `Content-Warning:`, on every part (Mastodon's `spoiler_text`); nil for none.
    public var contentWarning: String? = nil
    /// The post's `Repeat:` interval (`14d`) when it repeats: a failure of this occurrence ends its series.
    public var repeatEvery: String? = nil
    /// When the attempt was claimed (`attempts.started_at`).
    public var startedAt: Date? = nil

    /// The outbox's `kind`: `announcement`, `reminder` or `closing` for a session's disclosures, else `post`
    /// (a `Kind: support` post is a post to the network).
    public var statusKind: StatusKind { kind.statusKind }

    /// The session disclosure this status is, if it is one.
    public var disclosure: DisclosureKind? { session == nil ? nil : kind.disclosure }
}

/// How one attempt ended, as the store records it.
public enum AttemptResult: Sendable, Equatable {
    case published(remoteID: String)
    /// Temporary failure; `retryAt` nil means the post gave up (`give_up_after` exceeded).
    case temporary(reason: String, retryAt: Date?)
    case permanent(reason: String)
    /// The network refused the account's credentials: nothing went out. The attempt does not count (the target
    /// waits as if never tried) and the account is paused with `pause` in the same transaction.
    case unauthorized(AccountPause)
}

/// A target as `herald queue` and the scheduler see it.
public struct QueueEntry: Sendable, Equatable {
    public var postID: String
    public var targetID: Int64
    public var account: String
    public var state: TargetState
    public var scheduledAt: Date
    public var nextAttemptAt: Date
    public var author: String?
    public var text: String
    public var attempts: Int
    public var partsDone: Int
    public var partsTotal: Int
    public var lastError: String?
    /// Accepted under load and waiting for the daemon's planner: `scheduledAt` is the end of its window for now.
    public var provisional: Bool = false
    /// Where a repeating post's series stands; nil for a post published once.
    public var series: SeriesInfo? = nil
}

/// A finished target, for `herald history`.
public struct HistoryEntry: Sendable, Equatable {
    public var postID: String
    public var account: String
    public var state: TargetState
    public var scheduledAt: Date
    public var finishedAt: Date?
    public var author: String?
    public var text: String
    public var remoteIDs: [String]
    public var attempts: Int
    public var lastError: String?
    /// Where a repeating post's series stood with this occurrence; nil for a post published once.
    public var series: SeriesInfo? = nil
    /// The target this entry is (one occurrence of a repeating post, or the post on one account).
    public var targetID: Int64 = 0
}

/// One recorded event (the same kinds the journal gets).
public struct EventRecord: Sendable, Equatable {
    public var at: Date
    public var postID: String?
    public var account: String?
    public var event: String
    public var message: String

    public init(at: Date, postID: String?, account: String?, event: String, message: String) {
        self.at = at
        self.postID = postID
        self.account = account
        self.event = event
        self.message = message
    }
}

/// What `herald cancel` achieved.
public enum CancelOutcome: Sendable, Equatable {
    /// Every target that was still waiting is cancelled; it will never be published.
    case cancelled(accounts: [String])
    /// At least one target has an attempt in flight right now; nothing was changed.
    case busy(account: String)
    /// Nothing left to cancel: every target already ended (published, failed or cancelled).
    case alreadyFinished(state: [String: TargetState])
}
