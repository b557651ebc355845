import Foundation
import HeraldCore
import HeraldPublishers
import HeraldStore
import Logging

/// Evergreen folders (issue 14): an account's empty queue slot is filled, shortly before it comes, with the least
/// recently used file of its `evergreen` folder that rested long enough, submitted through the spool like any post
/// file (so the policy gate and the journal see it as they see every post).
///
/// Crash safety: the file chosen for a slot is recorded in the database first, then its post file is written into
/// `incoming/` under a name and with an `Id:` fixed by the slot. Each look finishes what a previous one started: a
/// slot with a record whose file is neither waiting in `incoming/`, nor accepted (its `Id:` taken), nor in
/// `rejected/` gets its recorded file written again; a slot whose file is any of those is left alone. So a crash at
/// any point neither loses a submission nor doubles it.
extension DaemonLoop {
    /// Looks at the evergreen folders when due; returns when to look again (for the loop's timer).
    func fillEvergreenSlots() -> Date? {
        let current = now()
        if let next = evergreen.nextCheck, next > current { return next }
        var wake: Date?
        for account in config.accounts
        where account.evergreen != nil && paused[account.name] == nil && membership.holds(account.name) {
            let next = fillEvergreenSlot(of: account, now: current)
            wake = [wake, next].compactMap { $0 }.min()
        }
        evergreen.nextCheck = wake
        return wake
    }

    /// After a reload that changed the accounts (folders, slots or intervals): look again at the next step, and
    /// let that look say again what is still wrong.
    func reconcileEvergreen(previous: [Account]) {
        guard previous != config.accounts else { return }
        evergreen.nextCheck = nil
        for key in problems.keys where key.hasPrefix("evergreen:") { problems[key] = nil }
    }

    /// One account: checks its folder (a missing or unreadable one is degraded, never "nothing to do"), fills its
    /// next slot if it is empty and due; returns when to look again.
    private func fillEvergreenSlot(of account: Account, now: Date) -> Date? {
        guard let folder = account.evergreen else { return nil }
        let area = "evergreen:\(account.name)"
        let files: [EvergreenFile]
        switch EvergreenFile.read(folder: folder) {
        case let .failure(reason):
            if problems[area] == nil {
                events.logger.warning("evergreen folder unreadable", metadata: [
                    "HERALD_ACCOUNT": "\(account.name)", "HERALD_DIRECTORY": "\(folder)", "HERALD_ERROR": "\(reason)",
                ])
            }
            degraded(area, "evergreen folder \(folder) of \(account.name) unreadable: \(reason)")
            return now.addingTimeInterval(EvergreenPicker.lead)
        case let .success(read):
            files = read
        }
        if problems.removeValue(forKey: area) != nil {
            events.logger.notice("evergreen folder readable again", metadata: [
                "HERALD_ACCOUNT": "\(account.name)", "HERALD_DIRECTORY": "\(folder)",
            ])
            updateStatus()
        }
        let occupied: [Date]
        do {
            occupied = try database.occupied(account: account.name, now: now)
        } catch {
            degraded("database", "database not readable: \(error)")
            return now.addingTimeInterval(5)
        }
        guard let slot = EvergreenPicker.slotToFill(account: account, now: now, occupied: occupied) else {
            return EvergreenPicker.nextCheck(account: account, now: now, occupied: occupied)
        }
        do {
            try submitEvergreen(for: slot, of: account, files: files, now: now)
        } catch {
            events.logger.error("cannot submit an evergreen post", metadata: [
                "HERALD_ACCOUNT": "\(account.name)", "HERALD_SCHEDULED_AT": "\(RFC3339.string(from: slot))",
                "HERALD_ERROR": "\(error)",
            ])
            return now.addingTimeInterval(5)
        }
        // This slot is handled (submitted, waiting in incoming/, or nothing may fill it): looking again before it has
        // passed would only find the same answer (and a wake at `now` would spin the loop until the intake took it).
        return slot.addingTimeInterval(1)
    }

    /// Fills `slot`: finishes what a previous look recorded, or picks a file, records it and writes its post file.
    private func submitEvergreen(for slot: Date, of account: Account, files: [EvergreenFile], now: Date) throws {
        let name = EvergreenPicker.spoolName(account: account.name, slot: slot)
        if faccessat(incomingFD, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0 { return }  // waiting for the intake
        var submission = try database.evergreenSubmission(account: account.name, slot: slot)
        if let recorded = submission {
            if try database.isSubmitterIDTaken(recorded.submitterID, account: account.name) { return }
            let rejected = (spool.rejected as NSString).appendingPathComponent(name)
            if access(rejected, F_OK) == 0 || access(rejected + ".error", F_OK) == 0 { return }
        }
        var candidates: [EvergreenCandidate] = []
        for file in files {
            let hash = EvergreenPicker.contentHash(file.bytes)
            do {
                _ = try EvergreenPicker.post(from: file.bytes, name: file.name, account: account.name, slot: slot)
                candidates.append(EvergreenCandidate(name: file.name, contentHash: hash))
            } catch {
                logOnce("\(account.name)/\(file.name)/\(hash)", "evergreen file skipped", account: account, extra: [
                    "HERALD_FILE": "\(file.path)", "HERALD_LINE": "\(error.line.map(String.init) ?? "-")",
                    "HERALD_REASON": "\(error)",
                ])
            }
        }
        if submission == nil {
            let uses = try database.evergreenUses(account: account.name)
            guard let pick = EvergreenPicker.pick(candidates, uses: uses, slot: slot,
                                                  minInterval: account.evergreenMinInterval)
            else {
                let reason = candidates.isEmpty
                    ? "no valid post file in the folder"
                    : "every post in the folder went out less than evergreen_min_interval ago"
                logOnce("\(account.name)/\(slot.timeIntervalSince1970)", "no evergreen post may fill the slot",
                        account: account, level: .info, extra: [
                            "HERALD_SCHEDULED_AT": "\(RFC3339.string(from: slot))", "HERALD_REASON": "\(reason)",
                        ])
                return
            }
            let use = EvergreenUse(fileName: pick.name, contentHash: pick.contentHash, slot: slot)
            let chosen = EvergreenSubmission(
                account: account.name, use: use,
                submitterID: EvergreenPicker.submitterID(contentHash: pick.contentHash, slot: slot))
            submission = try database.recordEvergreen(chosen, now: now)
        }
        guard let submission, let source = files.first(where: { $0.name == submission.use.fileName }),
              let post = try? EvergreenPicker.post(from: source.bytes, name: source.name, account: account.name,
                                                   slot: slot, id: submission.submitterID)
        else {
            logOnce("\(account.name)/\(slot.timeIntervalSince1970)", "evergreen file chosen for a slot is gone",
                    account: account, extra: ["HERALD_FILE": "\(submission?.use.fileName ?? "")"])
            return
        }
        try writeIncoming(name, post)
        events.logger.info("evergreen post submitted", metadata: [
            "HERALD_ACCOUNT": "\(account.name)", "HERALD_FILE": "\(name)", "HERALD_EVERGREEN": "\(source.path)",
            "HERALD_SCHEDULED_AT": "\(RFC3339.string(from: slot))",
        ])
    }

    /// Writes a post file into `incoming/` as the spool contract asks (`.NAME.tmp`, then renamed), with
    /// ``AtomicFile``: fsynced, and never through a name a submitter planted in `incoming/` beforehand.
    private func writeIncoming(_ name: String, _ bytes: [UInt8]) throws {
        let final = (spool.incoming as NSString).appendingPathComponent(name)
        try AtomicFile.write(Data(bytes), to: URL(fileURLWithPath: final), mode: 0o644)
    }

    private func logOnce(
        _ key: String, _ message: Logger.Message, account: Account, level: Logger.Level = .warning,
        extra: Logger.Metadata
    ) {
        guard evergreen.logged.insert(key).inserted else { return }
        var metadata = extra
        metadata["HERALD_ACCOUNT"] = "\(account.name)"
        events.logger.log(level: level, message, metadata: metadata)
    }
}
