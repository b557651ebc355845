import Foundation
import HeraldCore
import HeraldStore
import Logging

/// Turns names in `incoming/` into accepted posts or rejected files, one at a time.
///
/// The accept point is crash-safe: the file's content is committed with its spool key before the file is
/// unlinked, and a file whose key is already committed is only unlinked. So after a crash at any point a file is
/// either still in `incoming/` or fully accepted, never lost and never accepted twice.
struct SpoolIntake {
    let spool: SpoolDirectory
    let incomingFD: Int32
    let database: AppDatabase
    let events: EventLog

    /// What happened to one name.
    enum Result: Equatable {
        case accepted(postID: String)
        case rejected(postID: String)
        case alreadyAccepted
        case skipped
        /// A database failure: the file stays in `incoming/` for a later attempt.
        case deferred
    }

    /// Lists candidate names in `incoming/`, oldest first by name order (a rescan).
    func candidates() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: spool.incoming) else { return [] }
        return names.filter(SpoolDirectory.isCandidate).sorted()
    }

    func process(name: String, trigger: SpoolFileReader.Trigger, config: HeraldConfiguration, now: Date) -> Result {
        guard SpoolDirectory.isCandidate(name) else { return .skipped }
        let postID = PostIDGenerator.make()
        let file: SpoolFile
        switch SpoolFileReader.read(name: name, in: incomingFD, trigger: trigger, now: now) {
        case .vanished, .busy: return .skipped
        case let .refused(reason): return reject(name: name, postID: postID, reasons: [reason], now: now)
        case let .file(read): file = read
        }
        do {
            if try database.postID(forSpoolKey: file.spoolKey) != nil {
                unlinkat(incomingFD, name, 0)
                return .alreadyAccepted
            }
        } catch {
            events.logger.error("database unavailable; file left in incoming", metadata: ["HERALD_FILE": "\(name)",
                                "HERALD_ERROR": "\(error)"])
            return .deferred
        }
        let parsed: PostFile
        do {
            parsed = try PostFile.parse(file.bytes)
        } catch {
            return reject(name: name, postID: postID, reasons: [error.description], now: now)
        }
        let validation = PostValidator.validate(parsed, config: config, now: now)
        guard validation.errors.isEmpty else {
            return reject(name: name, postID: postID, reasons: validation.errors.map(\.description), now: now)
        }
        let post = NewPost(
            id: postID, submitterID: parsed.id, fileName: name, spoolKey: file.spoolKey, ownerUID: file.ownerUID,
            content: file.bytes, author: parsed.author, kind: parsed.kind.rawValue, language: parsed.language,
            inReplyTo: parsed.inReplyTo, parts: parsed.parts.map(\.text),
            targets: validation.targets.map {
                NewPost.Target(account: $0.account.name, at: $0.at, notBefore: $0.notBefore, notAfter: $0.notAfter)
            }
        )
        let targets = Dictionary(uniqueKeysWithValues: validation.targets.map { ($0.account.name, $0) })
        let outcome: AcceptOutcome
        do {
            outcome = try database.accept(post, now: now) { target, occupied in
                targets[target.account].flatMap { QueuePlanner.place($0, now: now, occupied: occupied) }
            }
        } catch let StoreError.duplicateID(id, account, existing) {
            let line = parsed.line(of: .id).map { "line \($0): " } ?? ""
            return reject(name: name, postID: postID, reasons: [
                "\(line)duplicate Id \"\(id)\" for account \(account): already used by post \(existing)",
            ], now: now)
        } catch {
            events.logger.error("database unavailable; file left in incoming", metadata: ["HERALD_FILE": "\(name)",
                                "HERALD_ERROR": "\(error)"])
            return .deferred
        }
        switch outcome {
        case .alreadyAccepted:
            unlinkat(incomingFD, name, 0)
            return .alreadyAccepted
        case let .noRoom(account):
            return reject(name: name, postID: postID, reasons: [
                "no free queue slot for account \(account) within the post's window",
            ], now: now)
        case let .accepted(scheduled):
            unlinkat(incomingFD, name, 0)
            events.post(.accepted, "post accepted", postID: postID, extra: [
                "HERALD_FILE": "\(name)", "HERALD_OWNER_UID": "\(file.ownerUID)",
                "HERALD_PARTS": "\(post.parts.count)",
            ])
            for (target, instant) in zip(post.targets, scheduled) {
                events.post(.scheduled, "post scheduled", postID: postID, account: target.account,
                            extra: ["HERALD_SCHEDULED_AT": "\(RFC3339.string(from: instant))"])
            }
            return .accepted(postID: postID)
        }
    }

    /// Moves a refused file to `rejected/NAME` beside `NAME.error`. The reason is written first, so a crash in
    /// between leaves the file in `incoming/` (rejected again on restart), never a file without its reason.
    private func reject(name: String, postID: String, reasons: [String], now: Date) -> Result {
        let text = "\(name): rejected at \(RFC3339.string(from: now)) (post \(postID))\n"
            + reasons.map { "  \($0)\n" }.joined()
        let errorPath = (spool.rejected as NSString).appendingPathComponent(name + ".error")
        let temporary = (spool.rejected as NSString).appendingPathComponent(".\(name).error.tmp")
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, errorPath) == 0 else {
                throw DaemonError.system(call: "rename", reason: String(cString: strerror(errno)))
            }
            let source = (spool.incoming as NSString).appendingPathComponent(name)
            let destination = (spool.rejected as NSString).appendingPathComponent(name)
            if rename(source, destination) != 0 {
                // e.g. a directory named x.post where rejected/x.post is a file: replace what is in the way.
                let saved = errno
                if saved == ENOENT { return .skipped }
                try? FileManager.default.removeItem(atPath: destination)
                guard rename(source, destination) == 0 else {
                    throw DaemonError.system(call: "rename", reason: String(cString: strerror(saved)))
                }
            }
        } catch {
            events.logger.error("cannot move rejected file", metadata: ["HERALD_FILE": "\(name)",
                                "HERALD_ERROR": "\(error)"])
            return .deferred
        }
        try? database.recordEvent(at: now, postID: postID, account: nil, event: "rejected",
                                  message: "\(name): " + reasons.joined(separator: "; "))
        events.post(.rejected, "post rejected", postID: postID, level: .warning,
                    extra: ["HERALD_FILE": "\(name)", "HERALD_REASON": "\(reasons.joined(separator: "; "))"])
        return .rejected(postID: postID)
    }
}
