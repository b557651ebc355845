import Foundation
import HeraldCore
import HeraldEvents
import HeraldPublishers
import HeraldStore
import Logging

/// Turns names in `incoming/` into accepted posts or rejected files.
///
/// The accept point is crash-safe: a file's content is committed with its spool key before the file is
/// unlinked, and a file whose key is already committed is only unlinked. So after a crash at any point a file is
/// either still in `incoming/` or fully accepted, never lost and never accepted twice. Files arriving together
/// (one inotify read, one rescan) are committed in one transaction, so a burst costs one fsync per batch.
final class SpoolIntake {
    let spool: SpoolDirectory
    let incomingFD: Int32
    let database: AppDatabase
    let events: EventLog
    /// Files per transaction at most: bounds the time one commit holds the write lock.
    var batchSize = 256
    /// Refused entries the daemon may not move (a submitter's own directory named `x.post`: the sticky
    /// `incoming/` forbids renaming it), by name, with their identity: skipped until that name is something else,
    /// so a rescan does not log the same failure forever.
    private var stuck: [String: FileIdentity] = [:]
    /// The policy engine of the configuration last seen (rebuilt when `[policy]` changes on reload).
    var policyCache: (configuration: PolicyConfiguration, engine: PolicyEngine)?
    /// When planned accounts are re-planned: inline with their batch, or settled later (`SpoolIntake+Planning`).
    var pacer = PlanPacer()
    /// Post ids, increasing from the highest already stored.
    private var ids: PostIDGenerator

    /// Device and inode: which file a name meant.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    init(spool: SpoolDirectory, incomingFD: Int32, database: AppDatabase, events: EventLog) {
        self.spool = spool
        self.incomingFD = incomingFD
        self.database = database
        self.events = events
        ids = PostIDGenerator(after: try? database.highestPostID())
    }

    /// What happened to one name.
    enum Result: Equatable {
        case accepted(postID: String)
        case rejected(postID: String)
        case alreadyAccepted
        case skipped
        /// A database or file-system failure: the file stays in `incoming/` for a later attempt.
        case deferred
    }

    /// A file read, parsed and validated, waiting for its batch's transaction.
    private struct Prepared {
        var index: Int
        var file: SpoolFile
        var post: NewPost
        var idLine: Int?
        /// Where a "no free slot" rejection points: the window's end, or its start.
        var windowLine: Int?
        /// The policy gate's targets (same order as `post.targets`), for the events.
        var gated: [GatedTarget] = []
    }

    /// A file to move to `rejected/`.
    struct Rejection {
        var index: Int
        var name: String
        var postID: String
        var reasons: [String]
        /// The accounts the file named (or the default), when it could be parsed that far.
        var accounts: [String] = []
        /// Policy rule hits that refused it, each logged with `HERALD_RULE`.
        var hits: [PolicyHit] = []
    }

    private enum Preparation {
        case ready(Prepared)
        case reject(Rejection)
        case skip(Result)
    }

    /// Candidate names in `incoming/`, in name order (a rescan).
    func candidates() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: spool.incoming) else { return [] }
        return names.filter(SpoolDirectory.isCandidate).sorted()
    }

    /// Processes names in batches; returns one result per name, in order. `afterBatch` runs between batches
    /// (start-up uses it to tell systemd that a long recovery is still making progress).
    func process(
        names: [String], trigger: SpoolFileReader.Trigger, config: HeraldConfiguration, now: () -> Date,
        afterBatch: () -> Void = {}
    ) -> [Result] {
        stride(from: 0, to: names.count, by: batchSize).flatMap { start in
            defer { afterBatch() }
            return processBatch(Array(names[start..<min(start + batchSize, names.count)]), trigger: trigger,
                                config: config, now: now())
        }
    }

    private func processBatch(
        _ names: [String], trigger: SpoolFileReader.Trigger, config: HeraldConfiguration, now: Date
    ) -> [Result] {
        var results = [Result](repeating: .skipped, count: names.count)
        var ready: [Prepared] = []
        var rejections: [Rejection] = []
        for (index, name) in names.enumerated() {
            switch prepare(name: name, index: index, trigger: trigger, config: config, now: now) {
            case let .ready(item): ready.append(item)
            case let .reject(rejection): rejections.append(rejection)
            case let .skip(result): results[index] = result
            }
        }
        if !ready.isEmpty {
            do {
                let planning = try database.planningContext(config)
                let touched = Set(ready.flatMap { item in
                    item.post.targets.filter { AppDatabase.isPlanned($0, by: planning) }.map(\.account)
                })
                let start = ContinuousClock.now
                let inline = pacer.plansInline(touched, at: start)
                let accepted = try database.acceptAll(ready.map(\.post), now: now, planning: planning,
                                                      deferPlanning: !inline) {
                    Self.place($0, now: now, occupied: $1)
                }
                if inline {
                    pacer.planned(touched, from: start, to: start + accepted.planningTime)
                } else {
                    pacer.mark(accepted.deferred)
                }
                report(accepted.settled, now: now)
                for (item, outcome) in zip(ready, accepted.outcomes) {
                    if let rejection = settle(item, outcome: outcome, planning: planning,
                                              deferred: accepted.deferred) {
                        rejections.append(rejection)
                    } else {
                        results[item.index] = result(of: outcome, item: item)
                    }
                }
            } catch {
                events.logger.error("database unavailable; files left in incoming", metadata: [
                    "HERALD_ERROR": "\(error)", "HERALD_FILES": "\(ready.count)",
                ])
                for item in ready { results[item.index] = .deferred }
            }
        }
        for (rejection, result) in zip(rejections, reject(rejections, now: now)) {
            results[rejection.index] = result
        }
        return results
    }

    /// Where a target without `At:` goes: the account's next free slot inside its window.
    static func place(_ target: GatedTarget, now: Date, occupied: [Date]) -> Date? {
        QueuePlanner.place(target.target, now: now, occupied: occupied)
    }

    /// Reads, parses and validates one name; nothing is written yet.
    private func prepare(
        name: String, index: Int, trigger: SpoolFileReader.Trigger, config: HeraldConfiguration, now: Date
    ) -> Preparation {
        guard SpoolDirectory.isCandidate(name) else { return .skip(.skipped) }
        if let known = stuck[name] {
            if identity(of: name) == known { return .skip(.skipped) }
            stuck[name] = nil
        }
        let postID = ids.make(now: now)
        func rejection(_ reasons: [String]) -> Preparation {
            .reject(Rejection(index: index, name: name, postID: postID, reasons: reasons))
        }
        let file: SpoolFile
        switch SpoolFileReader.read(name: name, in: incomingFD, trigger: trigger, now: now) {
        case .vanished, .busy: return .skip(.skipped)
        case let .refused(reason): return rejection([reason])
        case let .file(read): file = read
        }
        let parsed: PostFile
        do {
            parsed = try PostFile.parse(file.bytes)
        } catch {
            return rejection([error.description])
        }
        let validation = PostValidator.validate(parsed, config: config, now: now)
        guard validation.isValid else {
            let named = parsed.accounts.isEmpty ? config.daemon.defaultAccount.map { [$0] } ?? [] : parsed.accounts
            return .reject(Rejection(index: index, name: name, postID: postID,
                                     reasons: validation.errors.map(\.description), accounts: named))
        }
        let mediaProblems = validation.targets.flatMap { MediaCheck.problems(parsed.media, account: $0.account) }
        guard mediaProblems.isEmpty else {
            return .reject(Rejection(index: index, name: name, postID: postID,
                                     reasons: mediaProblems.map(\.description),
                                     accounts: validation.targets.map(\.account.name)))
        }
        let gated = gate(parsed, targets: validation.targets, ownerUID: file.ownerUID, config: config, now: now)
        if !gated.isEmpty, gated.allSatisfy({ if case .reject = $0.outcome { true } else { false } }) {
            let hits = gated.flatMap(\.hits)
            return .reject(Rejection(index: index, name: name, postID: postID,
                                     reasons: hits.map(TargetGate.errorLine), accounts: gated.map(\.account),
                                     hits: hits))
        }
        var post = NewPost(
            id: postID, submitterID: parsed.id, fileName: name, spoolKey: file.spoolKey, ownerUID: file.ownerUID,
            content: file.bytes, author: parsed.author, kind: StoredKind(parsed.kind),
            language: parsed.language, inReplyTo: parsed.inReplyTo, parts: parsed.parts.map(\.text),
            targets: gated
        )
        post.policyHits = gated.flatMap(\.hits)
        post.media = parsed.media
        post.contentWarning = parsed.contentWarning
        post.repeatRule = parsed.repeatRule
        return .ready(Prepared(index: index, file: file, post: post, idLine: parsed.line(of: .id),
                               windowLine: parsed.line(of: .notAfter) ?? parsed.line(of: .notBefore), gated: gated))
    }

    /// Acts on one committed outcome: unlink what is safely in the database, or turn it into a rejection.
    private func settle(
        _ item: Prepared, outcome: AcceptOutcome, planning: PlanningContext, deferred: Set<String>
    ) -> Rejection? {
        let name = item.file.name
        switch outcome {
        case .alreadyAccepted:
            unlinkat(incomingFD, name, 0)
            return nil
        case let .noRoom(account):
            let line = item.windowLine.map { "line \($0): " } ?? ""
            let reason = AppDatabase.noRoomReason(account: account, planned: planning.plans(account))
            return Rejection(index: item.index, name: name, postID: item.post.id, reasons: [line + reason],
                             accounts: [account])
        case let .duplicateID(id, account, existing):
            let line = item.idLine.map { "line \($0): " } ?? ""
            return Rejection(index: item.index, name: name, postID: item.post.id, reasons: [
                "\(line)duplicate Id \"\(id)\" for account \(account): already used by post \(existing)",
            ], accounts: [account])
        case let .accepted(scheduled):
            unlinkat(incomingFD, name, 0)
            logPolicy(item.gated, postID: item.post.id, file: name)
            // One `accepted` entry per account, so `journalctl HERALD_ACCOUNT=…` finds every event of a post.
            for target in item.post.targets {
                events.post(.accepted, "post accepted", postID: item.post.id, account: target.account, extra: [
                    "HERALD_FILE": "\(name)", "HERALD_OWNER_UID": "\(item.file.ownerUID)",
                    "HERALD_PARTS": "\(item.post.parts.count)",
                ])
            }
            for (target, instant) in zip(item.post.targets, scheduled) {
                let at = RFC3339.string(from: instant)
                if let reason = target.rejection {
                    events.post(.rejected, "post rejected on this account by policy", postID: item.post.id,
                                account: target.account, level: .warning,
                                extra: ["HERALD_FILE": "\(name)", "HERALD_REASON": "\(reason)"])
                } else if let reason = target.hold {
                    events.post(.held, "post held for approval", postID: item.post.id, account: target.account,
                                level: .notice, extra: ["HERALD_SCHEDULED_AT": "\(at)", "HERALD_REASON": "\(reason)"])
                } else if deferred.contains(target.account) && AppDatabase.isPlanned(target, by: planning) {
                    // Provisional: `post scheduled` follows when the planner settles the account.
                    continue
                } else {
                    events.post(.scheduled, "post scheduled", postID: item.post.id, account: target.account,
                                extra: ["HERALD_SCHEDULED_AT": "\(at)"])
                }
            }
            return nil
        }
    }

    private func result(of outcome: AcceptOutcome, item: Prepared) -> Result {
        switch outcome {
        case .accepted: .accepted(postID: item.post.id)
        case .alreadyAccepted: .alreadyAccepted
        case .noRoom, .duplicateID: .rejected(postID: item.post.id)
        }
    }

    /// Moves refused files to `rejected/NAME` beside `NAME.error`. The reason is written first, so a crash in
    /// between leaves the file in `incoming/` (rejected again on restart), never a file without its reason.
    private func reject(_ rejections: [Rejection], now: Date) -> [Result] {
        var recorded: [EventRecord] = []
        let results = rejections.map { rejection -> Result in
            do {
                switch try move(rejection, now: now) {
                case .moved: break
                case .vanished: return .skipped
                case let .denied(reason):
                    stuck[rejection.name] = identity(of: rejection.name)
                    events.logger.error("cannot move rejected entry; leaving it in incoming", metadata: [
                        "HERALD_FILE": "\(rejection.name)", "HERALD_ERROR": "\(reason)",
                        "HERALD_REASON": "\(rejection.reasons.joined(separator: "; "))",
                    ])
                    return .skipped
                }
            } catch {
                events.logger.error("cannot move rejected file", metadata: [
                    "HERALD_FILE": "\(rejection.name)", "HERALD_ERROR": "\(error)",
                ])
                return .deferred
            }
            logPolicy(rejection.hits, postID: rejection.postID, file: rejection.name)
            let reasons = rejection.reasons.joined(separator: "; ")
            let accounts = rejection.accounts.isEmpty ? nil : rejection.accounts.joined(separator: ",")
            recorded.append(EventRecord(at: now, postID: rejection.postID, account: accounts, event: "rejected",
                                        message: "\(rejection.name): \(reasons)"))
            events.post(.rejected, "post rejected", postID: rejection.postID, account: accounts, level: .warning,
                        extra: ["HERALD_FILE": "\(rejection.name)", "HERALD_REASON": "\(reasons)"])
            return .rejected(postID: rejection.postID)
        }
        do {
            try database.recordEvents(recorded)
        } catch {
            events.logger.error("cannot record rejections", metadata: ["HERALD_ERROR": "\(error)"])
        }
        return results
    }

    private enum Move {
        case moved
        /// The entry disappeared meanwhile.
        case vanished
        /// Not ours to move (e.g. a directory of another user in the sticky `incoming/`).
        case denied(String)
    }

    private func identity(of name: String) -> FileIdentity? {
        var info = stat()
        guard fstatat(incomingFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Writes the reason, then moves the file beside it: `rejected/NAME` and `NAME.error`, or `NAME.1` and
    /// `NAME.1.error` (and so on) when an earlier rejected file already has that name — a rejection never
    /// overwrites another.
    private func move(_ rejection: Rejection, now: Date) throws -> Move {
        let name = rejection.name
        let target = freeRejectedName(for: name)
        let errorPath = try writeReason(rejection, as: target, now: now)
        let source = (spool.incoming as NSString).appendingPathComponent(name)
        let destination = (spool.rejected as NSString).appendingPathComponent(target)
        guard rename(source, destination) == 0 else {
            let code = errno
            let reason = String(cString: strerror(code))
            switch code {
            case ENOENT:
                unlink(errorPath)
                return .vanished
            case EACCES, EPERM:
                unlink(errorPath)
                return .denied("rename \(source): \(reason)")
            default:
                throw DaemonError.system(call: "rename \(source)", reason: reason)
            }
        }
        return .moved
    }

    /// Writes `rejected/TARGET.error` (atomically) for a rejection; returns its path.
    func writeReason(_ rejection: Rejection, as target: String, now: Date) throws -> String {
        let text = "\(rejection.name): rejected at \(RFC3339.string(from: now)) (post \(rejection.postID))\n"
            + rejection.reasons.map { "  \($0)\n" }.joined()
        let errorPath = (spool.rejected as NSString).appendingPathComponent(target + ".error")
        try writeAtomically(Data(text.utf8), to: errorPath)
        return errorPath
    }

    /// Writes a file in `rejected/` through a temporary name, so it appears whole or not at all.
    func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = (spool.rejected as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).tmp")
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            throw DaemonError.system(call: "rename \(path)", reason: String(cString: strerror(errno)))
        }
    }

    /// `NAME`, or the first `NAME.N` for which neither the file nor its `.error` exists in `rejected/`.
    func freeRejectedName(for name: String) -> String {
        func taken(_ candidate: String) -> Bool {
            var info = stat()
            return [candidate, candidate + ".error"].contains { entry in
                lstat((spool.rejected as NSString).appendingPathComponent(entry), &info) == 0
            }
        }
        if !taken(name) { return name }
        var suffix = 1
        while taken("\(name).\(suffix)") { suffix += 1 }
        return "\(name).\(suffix)"
    }
}
