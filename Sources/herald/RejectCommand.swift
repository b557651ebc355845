import ArgumentParser
import Foundation
import HeraldCore

/// `herald reject ID --reason R`: rejects a post held by a policy rule (you must be one of its account's
/// `approvers`, and not its author).
struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a held post.",
        discussion: "Drops a request into the spool's incoming/ and waits for heraldd's answer. Who rejects is the "
            + "user running this command, as the kernel records the request file's owner."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The post id (from herald queue).", valueName: "ID"))
    var id: String

    @Option(help: ArgumentHelp("Why (recorded and logged).", valueName: "R"))
    var reason: String

    @Option(name: .customLong("as"), help: ArgumentHelp("Root only: reject as this user.", valueName: "USER"))
    var actingAs: String?

    @Option(help: ArgumentHelp("Seconds to wait for heraldd's answer; 0 does not wait.", valueName: "SECONDS"))
    var wait: Double = 30

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--reason must not be empty")
        }
    }

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            try ApprovalSubmitter.submit(
                ApprovalRequest(postID: id, decision: .reject(reason: reason), actingAs: actingAs),
                spool: config.daemon.spool, wait: wait)
        }
    }
}
