import Foundation
import HeraldEvents
import HeraldSystemd
import Logging

/// Events the CLI causes itself (a cancellation) go to the journal like the daemon's, with the same `HERALD_*`
/// fields and `MESSAGE_ID`, so `journalctl HERALD_EVENT=cancelled` finds them. Without a running journald
/// nothing is logged: the user already sees the command's own output.
enum CLIJournal {
    static func event(_ event: PostEvent, _ message: Logger.Message, postID: String, account: String) {
        guard access("/run/systemd/journal/socket", F_OK) == 0 else { return }
        let logger = Logger(label: "herald") { label in JournalLogHandler(label: label, output: .journal) }
        EventLog(logger: logger).post(event, message, postID: postID, account: account,
                                      extra: ["HERALD_UID": "\(getuid())"])
    }

    /// An account event (`herald resume`).
    static func account(_ event: AccountEvent, _ message: Logger.Message, account: String) {
        guard access("/run/systemd/journal/socket", F_OK) == 0 else { return }
        let logger = Logger(label: "herald") { label in JournalLogHandler(label: label, output: .journal) }
        EventLog(logger: logger).account(event, message, account: account, extra: ["HERALD_UID": "\(getuid())"])
    }
}
