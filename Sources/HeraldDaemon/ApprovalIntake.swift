import Foundation
import HeraldCore
import HeraldEvents
import HeraldPublishers
import HeraldStore
import Logging

/// Carries out `*.approval` files dropped into `incoming/` by `herald approve` / `herald reject`.
///
/// Who decides is the file's owner uid as the kernel recorded it (`incoming/` is sticky, so nobody can pass off
/// another user's file), resolved to a user and groups and checked against each held target's account
/// `approvers` by `ApprovalRules`; only root may name someone else (`As:`). The answer goes to
/// `replies/NAME.reply` (first line `approved`, `rejected` or `refused`, then one line per target), written
/// before the request is removed: a request found again after a crash whose reply exists is only removed.
final class ApprovalIntake {
    let spool: SpoolDirectory
    let incomingFD: Int32
    let database: AppDatabase
    let events: EventLog

    init(spool: SpoolDirectory, incomingFD: Int32, database: AppDatabase, events: EventLog) {
        self.spool = spool
        self.incomingFD = incomingFD
        self.database = database
        self.events = events
    }

    /// Approval files in `incoming/`, in name order (a rescan).
    func candidates() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: spool.incoming) else { return [] }
        return names.filter(ApprovalRequest.isCandidate).sorted()
    }

    /// Handles each approval name; other names are ignored.
    func process(names: [String], trigger: SpoolFileReader.Trigger, config: HeraldConfiguration, now: Date) {
        for name in names where ApprovalRequest.isCandidate(name) {
            handle(name, trigger: trigger, config: config, now: now)
        }
    }

    private func replyPath(_ name: String) -> String {
        (spool.replies as NSString).appendingPathComponent(name + ".reply")
    }

    private func handle(_ name: String, trigger: SpoolFileReader.Trigger, config: HeraldConfiguration, now: Date) {
        if access(replyPath(name), F_OK) == 0 {
            unlinkat(incomingFD, name, 0)  // answered before a crash
            return
        }
        let file: SpoolFile
        switch SpoolFileReader.read(name: name, in: incomingFD, trigger: trigger, now: now) {
        case .vanished, .busy: return
        case let .refused(reason):
            finish(name, status: "refused", lines: [reason])
            return
        case let .file(read): file = read
        }
        guard let text = String(validating: file.bytes, as: UTF8.self) else {
            finish(name, status: "refused", lines: ["not UTF-8 text"])
            return
        }
        let request: ApprovalRequest
        switch ApprovalRequest.parse(text) {
        case let .failure(error):
            finish(name, status: "refused", lines: [error.description])
            return
        case let .success(parsed): request = parsed
        }
        let approver: Principal
        switch principal(for: request, ownerUID: file.ownerUID) {
        case let .failure(refusal):
            refuse(name, request: request, uid: file.ownerUID, reasons: [refusal.reason])
            return
        case let .success(found): approver = found
        }
        let targets: [HeldTarget]
        do {
            targets = try database.targets(ofPost: request.postID)
        } catch .noSuchPost {
            refuse(name, request: request, uid: approver.uid, reasons: ["no post with id \(request.postID)"])
            return
        } catch {
            events.logger.error("database unavailable; approval left in incoming", metadata: [
                "HERALD_FILE": "\(name)", "HERALD_ERROR": "\(error)",
            ])
            return
        }
        decide(name, request: request, approver: approver, requester: file.ownerUID, targets: targets, config: config,
               now: now)
    }

    /// Why a request names no usable approver.
    private struct Refusal: Error {
        var reason: String
    }

    private func principal(for request: ApprovalRequest, ownerUID: UInt32) -> Result<Principal, Refusal> {
        let owner = UserDirectory.principal(uid: ownerUID)
        guard let name = request.actingAs else { return .success(owner) }
        guard ownerUID == 0 else {
            return .failure(Refusal(reason: "As: is honoured only in a request from root (was \(owner.user))"))
        }
        guard let acting = UserDirectory.principal(user: name) else {
            return .failure(Refusal(reason: "As: no such user \(name)"))
        }
        return .success(acting)
    }

    private static func approvalState(_ state: TargetState) -> ApprovalTarget.State {
        switch state {
        case .held: .held
        case .expired: .expired
        default: .other(state.rawValue)
        }
    }

    private func decide(
        _ name: String, request: ApprovalRequest, approver: Principal, requester: UInt32, targets: [HeldTarget],
        config: HeraldConfiguration, now: Date
    ) {
        let maxLateness = config.daemon.maxLateness
        let inputs = targets.map { target in
            ApprovalTarget(
                account: target.account, state: Self.approvalState(target.state),
                holdUntil: target.holdUntil ?? target.scheduledAt,
                approvers: config.account(named: target.account)?.approvers ?? []
            )
        }
        let outcomes = ApprovalRules.decide(by: approver, authorUID: targets[0].ownerUID, targets: inputs, now: now,
                                            maxLateness: maxLateness)
        let chosen = zip(targets, outcomes).filter { $0.1 == .apply }.map(\.0)
        let refusals = outcomes.compactMap { if case let .refused(reason) = $0 { reason } else { nil } }
        guard !chosen.isEmpty else {
            refuse(name, request: request, uid: approver.uid, reasons: refusals)
            return
        }
        let decision: HoldDecision =
            switch request.decision {
            case .approve: .approve
            case let .reject(reason): .reject(reason: reason)
            }
        let changed: [String]
        do {
            changed = try database.decide(decision, targetIDs: chosen.map(\.targetID), by: approver.user,
                                          uid: approver.uid, now: now, planning: try database.planningContext(config))
        } catch {
            events.logger.error("database unavailable; approval left in incoming", metadata: [
                "HERALD_FILE": "\(name)", "HERALD_ERROR": "\(error)",
            ])
            return
        }
        var lines: [String] = []
        for target in chosen where changed.contains(target.account) {
            var extra: Logger.Metadata = [
                // Who dropped the request: root, when it acted for the approver with `As:`.
                "HERALD_APPROVER": "\(approver.user)", "HERALD_APPROVER_UID": "\(approver.uid)",
                "HERALD_REQUEST_UID": "\(requester)",
                "HERALD_FILE": "\(name)",
            ]
            switch decision {
            case .approve:
                // Where it goes now: the planner may have placed it (planned accounts), else its own time.
                let due = (try? database.nextAttempt(targetID: target.targetID)) ?? nil
                let at = RFC3339.string(from: due ?? max(target.scheduledAt, now))
                extra["HERALD_SCHEDULED_AT"] = "\(at)"
                events.post(.approved, "held post approved", postID: target.postID, account: target.account,
                            level: .notice, extra: extra)
                lines.append("\(target.account): approved by \(approver.user); publishing at \(at)")
            case let .reject(reason):
                extra["HERALD_REASON"] = "\(reason)"
                events.post(.rejected, "held post rejected by an approver", postID: target.postID,
                            account: target.account, level: .notice, extra: extra)
                lines.append("\(target.account): rejected by \(approver.user): \(reason)")
            }
        }
        for target in chosen where !changed.contains(target.account) {
            lines.append("\(target.account): no longer held; nothing changed")
        }
        let status = changed.isEmpty ? "refused" : decision.word
        finish(name, status: status, lines: lines + refusals)
    }

    private func refuse(_ name: String, request: ApprovalRequest, uid: UInt32, reasons: [String]) {
        events.logger.notice("approval refused", metadata: [
            "HERALD_POST_ID": "\(request.postID)", "HERALD_APPROVER_UID": "\(uid)", "HERALD_FILE": "\(name)",
            "HERALD_REASON": "\(reasons.joined(separator: "; "))",
        ])
        finish(name, status: "refused", lines: reasons)
    }

    /// Writes the reply durably (temporary name, fsync, rename, fsync of the directory: after a crash the reply,
    /// not a re-run of the request, answers), then removes the request.
    private func finish(_ name: String, status: String, lines: [String]) {
        let text = ([status] + lines).map { $0 + "\n" }.joined()
        do {
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: replyPath(name)), mode: 0o640)
        } catch {
            events.logger.error("cannot write approval reply", metadata: [
                "HERALD_FILE": "\(name)", "HERALD_ERROR": "\(error)",
            ])
        }
        unlinkat(incomingFD, name, 0)
    }

    /// Removes replies older than a day (their requesters have long read them, or given up).
    func pruneReplies(now: Date) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: spool.replies) else { return }
        for name in names where name.hasSuffix(".reply") {
            let path = (spool.replies as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if Double(info.st_mtim.tv_sec) < now.timeIntervalSince1970 - 86400 { unlink(path) }
        }
    }
}
