import Foundation
import HeraldCore
import HeraldEvents
import HeraldPublishers
import HeraldStore
import Logging

/// Publishes one account's due statuses, one at a time, until none is due: claim (recorded before anything
/// leaves), publish, record the classified outcome. One worker per account runs at a time; accounts run in
/// parallel.
struct PublishWorker: Sendable {
    let account: Account
    let publisher: any Publisher
    let database: AppDatabase
    let events: EventLog
    let settings: DaemonSettings
    let backoff: Backoff
    let now: @Sendable () -> Date
    let stopping: StopFlag
    /// The account's delegated sessions: their rules are applied when a status is claimed.
    var sessions: [Session] = []
    /// The digest of the credentials the publisher was made with (kept with a pause).
    var credentials: String?
    /// Where attempts and their outcomes are counted for the Prometheus endpoint.
    var metrics: DaemonMetrics?
    /// The publisher's engagement side, for networks that have one; fetched only while no status is due.
    var metricsSource: (any MetricsSource)?
    /// Shared with the loop: when the account's metrics fetches rest.
    var metricsState = MetricsState()
    /// Whether this node still holds the account (issue 17): asked before every claim and again right before the
    /// status leaves, so a node that lost the account (its lease ran out) stops.
    var membership = ClusterMembership(lease: nil)

    /// Drains the account's due work: due statuses first, then due metrics one batch at a time, looking for due
    /// statuses again between batches. Returns when nothing is due, when stopping, or on a database failure
    /// (the loop re-arms and tries again later); returns the pause when the network refused the credentials (the
    /// status waits, recorded as never tried, and nothing more is attempted).
    func run() async -> AccountPause? {
        if membership.isShared {
            // Attempts of this account left in flight (a database error cut a record short, or the account came
            // back to this node) are settled before any new claim: an open attempt holds its seq and its place
            // in a session's count, and a claim past it would leave a gap when it is abandoned.
            do {
                for claim in try database.inFlight(accounts: [account.name]) {
                    guard await outlived(claim) else { return nil }
                    await resolveLeftover(claim)
                }
                // A window another node found exhausted holds here too: nothing is sent before it resets.
                if let until = try database.rateLimitedUntil(account: account.name, now: now()) {
                    await publisher.adoptRateLimit(until: until)
                }
            } catch {
                events.logger.error("database error while publishing", metadata: [
                    "HERALD_ACCOUNT": "\(account.name)", "HERALD_ERROR": "\(error)",
                ])
                return nil
            }
        }
        while !stopping.isRaised, membership.mayPublish(account.name) {
            do {
                guard let targetID = try database.nextDue(account: account.name, now: now()) else {
                    switch try await fetchDueMetrics() {
                    case .more: continue
                    case .done: return nil
                    case let .paused(pause): return pause
                    }
                }
                guard let claim = try database.claim(
                    targetID: targetID, now: now(), sessions: sessions, network: account.lengthRules,
                    mastodon: account.mastodon, account: account.name
                ) else { continue }
                // Media files are checked again: they or their links may have changed since intake.
                let mediaProblems = MediaCheck.problems(claim.media, account: account)
                guard membership.mayPublish(account.name) else {
                    // Lost between the claim and now, and nothing has left: the attempt is given back at once, so
                    // its seq and its place in a session's count are the next claim's (an attempt left in flight
                    // would push every later status of the account one place on). When another node took the
                    // account and settled the attempt already, this changes nothing; when the database cannot be
                    // reached, the account's next holder resolves it.
                    try? database.abandon(claim, reason: "this node lost the account before publishing", now: now())
                    events.post(.retrying, "account lost before publishing; the status waits for its next holder",
                                postID: claim.postID, account: claim.account, level: .warning)
                    return nil
                }
                let outcome: PublishOutcome
                if mediaProblems.isEmpty {
                    let started = ContinuousClock.now
                    outcome = await publisher.publish(status(for: claim), now: now())
                    metrics?.attempt(network: account.network, took: ContinuousClock.now - started)
                } else {
                    outcome = .permanent(reason: mediaProblems.map(\.description).joined(separator: "; "))
                }
                if let pause = try record(claim, outcome: outcome) { return pause }
                if membership.isShared, let until = await publisher.rateLimitedUntil(now: now()) {
                    try database.noteRateLimit(account: account.name, until: until, now: now())
                }
            } catch {
                events.logger.error("database error while publishing", metadata: [
                    "HERALD_ACCOUNT": "\(account.name)", "HERALD_ERROR": "\(error)",
                ])
                return nil
            }
        }
        return nil
    }

    /// Waits until an attempt another node may have left in flight is past its publish's `timeout` (and two
    /// seconds for the nodes' clocks): a node that lost the account in the middle of sending has by then either
    /// sent it, so the look-up finds it, or given up. False when heraldd stops first.
    private func outlived(_ claim: Claim) async -> Bool {
        guard let started = claim.startedAt else { return true }
        let settled = started.addingTimeInterval(account.timeout + 2)
        while now() < settled {
            if stopping.isRaised { return false }
            try? await Task.sleep(for: .milliseconds(Int(min(0.5, settled.timeIntervalSince(now())) * 1000) + 1))
        }
        return true
    }

    /// Settles an attempt left in flight by a stop, a crash or another node: published if the network has it,
    /// otherwise given back to be claimed again (the same seq, the same idempotency key).
    func resolveLeftover(_ claim: Claim) async {
        switch await publisher.resolve(status(for: claim)) {
        case let .published(remoteID):
            _ = try? record(claim, outcome: .published(remoteID: remoteID))
        case .notPublished:
            try? database.abandon(claim, reason: "not published before the daemon stopped", now: now())
        case .unknown:
            events.post(.retrying, "outcome of an interrupted attempt is unknown; publishing again",
                        postID: claim.postID, account: claim.account, level: .warning)
            try? database.abandon(claim, reason: "outcome unknown after a restart", now: now())
        }
    }

    /// The status a claim describes, as publishers take it.
    func status(for claim: Claim) -> OutgoingStatus {
        OutgoingStatus(
            postID: claim.postID, account: claim.account, part: claim.part, partCount: claim.partCount,
            seq: claim.seq, text: claim.text, inReplyTo: claim.inReplyTo, scheduledAt: claim.scheduledAt,
            author: claim.author, kind: claim.statusKind,
            language: claim.language ?? account.language,
            idempotencyKey: claim.idempotencyKey,
            media: claim.media.map {
                MediaAttachment(path: $0.path, alt: $0.alt, allowedDirectories: account.mediaDirectories)
            },
            contentWarning: claim.contentWarning
        )
    }

    /// Records an outcome (turning a temporary failure into a retry time or a give-up) and logs the event; the
    /// account's pause when the credentials were refused.
    @discardableResult
    func record(_ claim: Claim, outcome: PublishOutcome) throws -> AccountPause? {
        let finished = now()
        let result: AttemptResult
        switch outcome {
        case let .published(remoteID):
            result = .published(remoteID: remoteID)
        case let .temporary(reason, retryAfter):
            let next = backoff.nextAttempt(
                after: finished, attempt: claim.previousAttempts + 1, firstAttemptAt: claim.firstAttemptAt,
                giveUpAfter: settings.giveUpAfter, retryAfter: retryAfter, unit: Double.random(in: 0..<1)
            )
            result = .temporary(reason: reason, retryAt: next)
        case let .permanent(reason):
            result = .permanent(reason: reason)
        case let .unauthorized(reason):
            let pause = AccountPause(
                account: claim.account, reason: reason, pausedAt: finished, credentials: credentials)
            try database.record(claim, result: .unauthorized(pause), now: finished)
            metrics?.failed(account: claim.account, network: account.network, kind: "unauthorized")
            return pause  // the loop logs the pause, once for the account
        }
        let occurrences = OccurrenceContext(account: account, horizon: settings.horizon)
        let series = try database.record(claim, result: result, now: finished, occurrences: occurrences)
        log(claim, result: result)
        count(result)
        if let series { events.occurrence(series) }
        return nil
    }

    private func count(_ result: AttemptResult) {
        switch result {
        case .published: metrics?.published(account: account.name, network: account.network)
        case .temporary(_, .some): metrics?.failed(account: account.name, network: account.network, kind: "retrying")
        case .temporary(_, nil), .permanent:
            metrics?.failed(account: account.name, network: account.network, kind: "failed")
        case .unauthorized: break
        }
    }

    /// `HERALD_EVENT=disclosure`: a session's announcement, reminder or closing went out, or a team post went out
    /// without the session's hashtag because it would not have fitted.
    private func logDisclosure(_ claim: Claim, extra: Logger.Metadata) {
        if let kind = claim.disclosure {
            events.post(.disclosure, "session \(kind.rawValue) published", postID: claim.postID,
                        account: claim.account, level: .notice, extra: extra)
        } else if claim.tag == .dropped {
            events.post(.disclosure, "team post published without the session's hashtag: too long for it",
                        postID: claim.postID, account: claim.account, level: .notice, extra: extra)
        }
    }

    private func log(_ claim: Claim, result: AttemptResult) {
        var extra: Logger.Metadata = [
            "HERALD_PART": "\(claim.part + 1)/\(claim.partCount)", "HERALD_SEQ": "\(claim.seq)",
        ]
        switch result {
        case let .published(remoteID):
            extra["HERALD_REMOTE_ID"] = "\(remoteID)"
            extra["HERALD_DELAY_MS"] = "\(Int(now().timeIntervalSince(claim.scheduledAt) * 1000))"
            if let session = claim.session { extra["HERALD_SESSION"] = "\(session)" }
            if let tag = claim.tag { extra["HERALD_TAG"] = "\(tag.rawValue)" }
            extra["HERALD_KIND"] = "\(claim.statusKind)"
            events.post(.published, "status published", postID: claim.postID, account: claim.account, extra: extra)
            logDisclosure(claim, extra: extra)
        case let .temporary(reason, retryAt?):
            extra["HERALD_REASON"] = "\(reason)"
            extra["HERALD_RETRY_AT"] = "\(RFC3339.string(from: retryAt))"
            events.post(.retrying, "publish failed temporarily; will retry", postID: claim.postID,
                        account: claim.account, level: .warning, extra: extra)
        case let .temporary(reason, nil):
            extra["HERALD_REASON"] = "\(reason)"
            if let every = claim.repeatEvery { extra["HERALD_SERIES"] = "ended (repeated every \(every))" }
            events.post(.failed, "publish kept failing; giving up", postID: claim.postID, account: claim.account,
                        level: .error, extra: extra)
        case let .permanent(reason):
            extra["HERALD_REASON"] = "\(reason)"
            if let every = claim.repeatEvery { extra["HERALD_SERIES"] = "ended (repeated every \(every))" }
            events.post(.failed, "publish failed permanently", postID: claim.postID, account: claim.account,
                        level: .error, extra: extra)
        case .unauthorized:
            break  // never logged per post: see `record`
        }
    }
}
