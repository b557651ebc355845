import Foundation

/// Publishes statuses to one account of one network (outbox, exec, X, Mastodon, Bluesky, Threads, LinkedIn).
///
/// ## Exactly once
/// A publisher is always used under this protocol between the caller (the daemon) and the network:
///
/// 1. **Identity before the attempt.** The caller gives every status its account sequence number (`seq`) and an
///    ``OutgoingStatus/idempotencyKey`` that stay the same for that post part across retries and restarts.
/// 2. **Record, then publish.** The caller durably records the attempt as *in flight* (with the status, hence its
///    seq and key) before it calls ``publish(_:now:)``, and durably records the returned ``PublishOutcome`` after.
/// 3. **Resolve unknown outcomes before retrying.** At start-up, every attempt still recorded as in flight (the
///    daemon died between 2's two writes) is passed to ``resolve(_:)`` with the very same status:
///    - ``Resolution/published(remoteID:)``: record it as published; never publish it again.
///    - ``Resolution/notPublished``: publish it again, with the same seq and key.
///    - ``Resolution/unknown``: the publisher cannot tell. The caller publishes again with the same seq and key;
///      the key is what lets the far side drop the duplicate (Mastodon's `Idempotency-Key`, Bluesky's `rkey`, an
///      exec command that remembers the `idempotency_key` it has seen). Where the far side cannot dedupe, this is
///      at-least-once, and the caller may instead fail the post for a human to check.
///
/// Publishers make that work from their side:
/// - ``publish(_:now:)`` is idempotent wherever the network allows: publishing a status again with the same seq or
///   key must return the first attempt's remote id rather than create a second copy.
/// - ``publish(_:now:)`` never throws: every attempt ends in exactly one ``PublishOutcome``, classified
///   success / temporary / permanent. It does not return before the outcome is known or the attempt's own timeout
///   has passed; task cancellation does not abandon an attempt half way (on shutdown, in-flight publishes finish).
/// - ``resolve(_:)`` only looks; it never publishes.
///
/// Publishers are values shared between tasks; an implementation keeps whatever mutable state it needs (sessions,
/// rate-limit windows) behind an actor or a lock.
public protocol Publisher: Sendable {
    /// Publishes one status (one part of a thread) and classifies the attempt.
    /// - Parameters:
    ///   - status: What to publish; `status.inReplyTo` is already the previous part's remote id for threads.
    ///   - now: The wall-clock time of the attempt (the outbox writes it as `published_at`); injected for tests.
    func publish(_ status: OutgoingStatus, now: Date) async -> PublishOutcome

    /// Decides what became of an attempt that was recorded as in flight when the daemon stopped.
    func resolve(_ status: OutgoingStatus) async -> Resolution

    /// When the account's credentials stop working unless a human renews them, if the publisher knows (LinkedIn's
    /// 60-day tokens; Threads' tokens when their refresh keeps failing). The daemon warns a week ahead.
    func credentialsExpiry(now: Date) async -> Date?

    /// The end of the account's exhausted publishing rate-limit window, when the network announced one that is
    /// still ahead of `now`. Nodes sharing a database hand it on with the account (issue 17).
    func rateLimitedUntil(now: Date) async -> Date?

    /// Takes in an exhausted window another node saw: nothing is sent before `until`.
    func adoptRateLimit(until: Date) async
}

extension Publisher {
    /// Most credentials do not expire, or renew themselves.
    public func credentialsExpiry(now: Date) async -> Date? { nil }

    /// Networks without announced windows (the outbox, exec) have none to hand on.
    public func rateLimitedUntil(now: Date) async -> Date? { nil }

    public func adoptRateLimit(until: Date) async {}
}
