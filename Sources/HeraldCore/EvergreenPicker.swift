import Foundation

/// Evergreen posts (issue 14): which empty queue slot to fill, with which file of the account's `evergreen` folder,
/// and the post file that goes into the spool for it. Pure; the daemon reads the folder and writes the file.
///
/// A slot is filled when the queue would otherwise leave it empty: it is the account's next free slot (nothing
/// scheduled, held, being published or published there, and `min_gap`, `max_per_day` and quiet hours allow a post
/// there, exactly as `QueuePlanner` would place one) and it is at most ``lead`` away.
///
/// The file is the one least recently used (never used first, then the oldest use, ties by file name) whose last use
/// is at least the account's `evergreen_min_interval` before the slot. A use counts for the file name and for its
/// content, so neither renaming a file nor copying it makes the same text go out sooner.
public enum EvergreenPicker {
    /// How long before an empty slot it is filled: long enough for the spool, the policy gate and an approver's
    /// notice, short enough that a post submitted meanwhile still takes the slot first.
    public static let lead: TimeInterval = 600

    /// The slot to fill now, or nil: the account's next free slot, if it is at most `lead` after `now`.
    public static func slotToFill(account: Account, now: Date, occupied: [Date], lead: TimeInterval = lead) -> Date? {
        guard account.evergreen != nil, !account.slots.isEmpty else { return nil }
        return QueuePlanner.nextSlot(for: account, notBefore: now, notAfter: now.addingTimeInterval(lead),
                                     occupied: occupied)
    }

    /// When to look again: `lead` before the next free slot, but at most `lead` from now (a post cancelled
    /// meanwhile can free an earlier slot). Nil for an account without an evergreen folder.
    public static func nextCheck(account: Account, now: Date, occupied: [Date], lead: TimeInterval = lead) -> Date? {
        guard account.evergreen != nil, !account.slots.isEmpty else { return nil }
        let latest = now.addingTimeInterval(lead)
        guard let slot = QueuePlanner.nextSlot(for: account, notBefore: now, notAfter: nil, occupied: occupied)
        else { return latest }
        return min(max(now, slot.addingTimeInterval(-lead)), latest)
    }

    /// The file to submit for `slot`, or nil when every file rested less than `minInterval` (or there is none).
    public static func pick(
        _ candidates: [EvergreenCandidate], uses: [EvergreenUse], slot: Date, minInterval: TimeInterval
    ) -> EvergreenCandidate? {
        let ranked = candidates.map { ($0, lastUse(of: $0, in: uses)) }
            .filter { _, last in last.map { slot.timeIntervalSince($0) >= minInterval } ?? true }
        return ranked.min { a, b in
            switch (a.1, b.1) {
            case (nil, nil): a.0.name < b.0.name
            case (nil, _): true
            case (_, nil): false
            case let (x?, y?): x == y ? a.0.name < b.0.name : x < y
            }
        }?.0
    }

    /// The latest slot this file name or this content filled, if any.
    public static func lastUse(of candidate: EvergreenCandidate, in uses: [EvergreenUse]) -> Date? {
        uses.filter { $0.fileName == candidate.name || $0.contentHash == candidate.contentHash }.map(\.slot).max()
    }

    /// 16 hex digits of FNV-1a 64 over the bytes: stable across processes (unlike `Hasher`), enough to tell two
    /// texts apart in one folder.
    public static func contentHash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The `Id:` of the post submitted for `slot` with content `contentHash`: the same file for the same slot always
    /// gets the same id, so the store refuses a second copy whatever happened in between.
    public static func submitterID(contentHash: String, slot: Date) -> String {
        "evergreen-\(contentHash)-\(Int64(slot.timeIntervalSince1970.rounded(.down)))"
    }

    /// The name of the spool file for `slot` on `account`: one per slot, so the daemon sees a submission still
    /// waiting in `incoming/` and writes no second one.
    public static func spoolName(account: String, slot: Date) -> String {
        "evergreen-\(account)-\(Int64(slot.timeIntervalSince1970.rounded(.down))).post"
    }

    /// The post file for `slot`: the evergreen file with `Account:`, `At:` (the slot, RFC 3339), `Id:` (`id`, by
    /// default ``submitterID(contentHash:slot:)`` of these bytes) and `X-Evergreen:` (the source file's name) put
    /// before its own headers. Refuses a file that does not parse or that has a header the slot decides.
    public static func post(
        from bytes: [UInt8], name: String, account: String, slot: Date, id: String? = nil
    ) throws(EvergreenFileError) -> [UInt8] {
        let file: PostFile
        do {
            file = try PostFile.parse(bytes)
        } catch {
            throw .invalid(error)
        }
        let refused: [PostHeader] = [
            .account, .at, .notBefore, .notAfter, .id, .repeatEvery, .repeatUntil, .repeatCount,
        ]
        let present = refused.compactMap { header in file.line(of: header).map { (header, $0) } }
        if let (header, line) = present.min(by: { $0.1 < $1.1 }) {
            throw .headerNotAllowed(header: header, line: line)
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let id = id ?? submitterID(contentHash: contentHash(bytes), slot: slot)
        // The source name goes into a header value: no line breaks (a file name may have any byte but `/`).
        let source = String(decoding: Array(name.utf8), as: UTF8.self).filter { !$0.isNewline }
        let headers = "Account: \(account)\nAt: \(RFC3339.string(from: slot))\nId: \(id)\nX-Evergreen: \(source)\n"
        return Array(headers.utf8) + body
    }
}
