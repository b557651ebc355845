import Foundation
import HeraldCore
import HeraldEvents
import HeraldPublishers
import HeraldStore
import Logging

/// RSS and Atom feeds (issue 14): polls run in tasks of their own (`FeedFetcher`); what to do with what they bring
/// is decided here, on the loop, where the spool's intake also runs, so an item's file is never written while the
/// intake is deciding about the same name.
///
/// An item's journey: its post file is written (fsynced, renamed into `incoming/`), then its identity is recorded
/// as seen. A crash in between leaves an unseen item whose file exists: the next poll finds the file still in
/// `incoming/` (or in `rejected/`), or its `Id:` already accepted, and only records it. Nothing is lost, nothing
/// is posted twice, and a feed failure is a journal entry and a `STATUS=` reason, never a crash.
extension DaemonLoop {
    /// At most this many polls run at once; the others start as these finish.
    static let concurrentFeedPolls = 16

    /// Starts the polls that are due; returns when the next one is. A feed not polled yet (at start, or new in
    /// a reload) is due after a fixed share of its interval (at most a minute), from its name: hundreds of feeds
    /// do not all knock at once, and each always at the same offset.
    func pollFeeds() -> Date? {
        let current = now()
        var wake: Date?
        for feed in config.feeds where feedTasks[feed.name] == nil && membership.holds(feed.account) {
            let due = feedNext[feed.name] ?? current.addingTimeInterval(Self.feedOffset(feed))
            feedNext[feed.name] = due
            if due <= current && feedTasks.count < Self.concurrentFeedPolls {
                startPoll(feed)
            } else {
                wake = min(wake ?? due, max(due, current.addingTimeInterval(0.05)))
            }
        }
        return wake
    }

    /// A feed's first poll, after `0 ..< min(every, 60 s)` seconds chosen by its name.
    static func feedOffset(_ feed: Feed) -> TimeInterval {
        let fraction = Double(UInt64(StableHash.hex([feed.name]).prefix(8), radix: 16) ?? 0) / Double(UInt32.max)
        return fraction * min(feed.every, 60)
    }

    private func startPoll(_ feed: Feed) {
        let record: FeedRecord?
        do {
            record = try database.feed(named: feed.name)
        } catch {
            degraded("feed:\(feed.name)", "feed \(feed.name): database not readable")
            feedNext[feed.name] = now().addingTimeInterval(5)
            return
        }
        let fetcher = FeedFetcher(transport: AsyncHTTPTransport.shared, now: now)
        let continuation = continuation
        feedTasks[feed.name] = Task {
            continuation.yield(.feedPolled(await fetcher.poll(feed, record: record)))
        }
    }

    /// A poll came back: take its new items, note failures, and set the next poll.
    func handleFeedPoll(_ poll: FeedPoll) {
        feedTasks[poll.feed] = nil
        guard let feed = config.feeds.first(where: { $0.name == poll.feed }) else { return }  // gone by a reload
        // Pointed elsewhere by a reload while this poll ran: what it read belongs to the old source.
        guard poll.source == feed.source.description else { return }
        let current = now()
        var next = current.addingTimeInterval(feed.every)
        metrics.feedPolled(feed.name, result: poll.outcome.metricsLabel)
        switch poll.outcome {
        case .notModified:
            do {
                try database.recordFeedPoll(
                    feed: feed.name, source: feed.source.description, reprime: false, seen: [], present: nil,
                    etag: nil, lastModified: nil, now: current)
                feedSucceeded(feed)
            } catch {
                feedFailed(feed, "database not writable: \(error)")
            }
        case let .failed(reason, retryAfter):
            feedFailed(feed, reason)
            if let retryAfter { next = max(next, retryAfter) }
        case let .document(document, etag, lastModified, movedTo):
            if let movedTo, feedMoves[feed.name] != movedTo {
                feedMoves[feed.name] = movedTo
                events.feed(.moved, "feed moved permanently; update its url", feed: feed.name, account: feed.account,
                            level: .notice, extra: ["HERALD_URL": "\(movedTo)"])
            }
            if let problem = take(document, from: feed, record: poll.record, etag: etag, lastModified: lastModified,
                                  now: current) {
                feedFailed(feed, problem)
                next = min(next, current.addingTimeInterval(5))
            } else {
                feedSucceeded(feed)
            }
        }
        feedNext[feed.name] = next
    }

    /// After a reload: forget removed feeds, and poll the new and changed ones right away.
    func reconcileFeeds(previous: [Feed]) {
        let names = Set(config.feeds.map(\.name))
        for name in Set(feedNext.keys).union(feedTasks.keys) where !names.contains(name) {
            feedTasks.removeValue(forKey: name)?.cancel()
            feedNext[name] = nil
            problems["feed:\(name)"] = nil
        }
        for feed in config.feeds where !previous.contains(feed) { feedNext[feed.name] = nil }
    }

    // MARK: - Items

    /// Writes the new items' post files and records the poll; a problem description when something failed (the
    /// items not written stay unseen, for the next poll).
    private func take(
        _ document: FeedDocument, from feed: Feed, record: FeedRecord?, etag: String?, lastModified: String?,
        now: Date
    ) -> String? {
        let guids = document.items.map(\.guid)
        let seen: Set<String>
        do {
            seen = try database.seenFeedItems(feed: feed.name, among: guids)
        } catch {
            return "database not readable: \(error)"
        }
        let reprime = record?.isPrimed(from: feed.source.description) != true
        let selection = FeedSelection.select(document.items, seen: seen, primed: !reprime, maxPerPoll: feed.maxPerPoll)
        var written: [String] = []
        var problem: String?
        if !selection.post.isEmpty { debugHooks.crashFeed(at: "before-write") }
        for item in selection.post {
            do {
                try write(item, of: feed)
                written.append(item.guid)
            } catch {
                problem = "cannot queue an item: \(error)"
                break
            }
        }
        if !written.isEmpty { debugHooks.crashFeed(at: "after-write") }
        // Validators only when every new item was taken: a 304 must not hide the ones still waiting.
        let complete = problem == nil && selection.waiting == 0
        do {
            try database.recordFeedPoll(
                feed: feed.name, source: feed.source.description, reprime: reprime,
                seen: reprime ? selection.markSeen : written, present: guids, etag: complete ? etag : nil,
                lastModified: complete ? lastModified : nil, now: now)
        } catch {
            return "database not writable: \(error)"
        }
        if reprime {
            events.feed(.primed, "feed primed; its current items are not posted", feed: feed.name,
                        account: feed.account, level: .notice, extra: ["HERALD_ITEMS": "\(selection.markSeen.count)"])
        }
        return problem
    }

    /// Writes `item`'s post file into `incoming/`, unless it is there already, was rejected, or its `Id:` was
    /// accepted (a previous run wrote it and stopped before recording it as seen).
    private func write(_ item: FeedItem, of feed: Feed) throws {
        let id = FeedPostFile.id(feed: feed.name, guid: item.guid)
        let name = FeedPostFile.fileName(feed: feed.name, guid: item.guid)
        if try database.takenSubmitterIDs([id], account: feed.account).contains(id) { return }
        for directory in [spool.incoming, spool.rejected] where access(directory + "/" + name, F_OK) == 0 { return }
        guard let account = config.account(named: feed.account) else { return }  // config checks this at load
        let text = feed.template.fitted(item) { text in
            TextLength.fits(text, network: account.lengthRules, mastodon: account.mastodon)
        }
        let extra: Logger.Metadata = ["HERALD_FILE": "\(name)", "HERALD_FEED_ITEM": "\(item.guid)"]
        guard !text.allSatisfy(\.isWhitespace) else {
            events.feed(.item, "feed item has no text; skipped", feed: feed.name, account: feed.account,
                        level: .warning, extra: extra)
            return
        }
        let content = FeedPostFile.content(feed: feed, item: item, text: text)
        try AtomicFile.write(Data(content.utf8), to: URL(fileURLWithPath: spool.incoming + "/" + name), mode: 0o644)
        events.feed(.item, "feed item queued", feed: feed.name, account: feed.account, extra: extra)
    }

    // MARK: - Health

    private func feedFailed(_ feed: Feed, _ reason: String) {
        let area = "feed:\(feed.name)"
        let text = "feed \(feed.name): \(reason)"
        // For `herald feeds`; the journal and STATUS= say it even when the database cannot.
        try? database.recordFeedFailure(feed: feed.name, source: feed.source.description, reason: reason, now: now())
        if problems[area] != text {
            events.feed(.failed, "feed poll failed", feed: feed.name, account: feed.account, level: .warning,
                        extra: ["HERALD_REASON": "\(reason)"])
        }
        problems[area] = text
    }

    private func feedSucceeded(_ feed: Feed) {
        guard problems.removeValue(forKey: "feed:\(feed.name)") != nil else { return }
        events.feed(.recovered, "feed poll succeeded again", feed: feed.name, account: feed.account, level: .notice)
    }
}
