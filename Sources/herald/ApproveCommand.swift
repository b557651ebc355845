import ArgumentParser
import HeraldCore

/// `herald approve ID`: releases a post held by a policy rule (you must be one of its account's `approvers`,
/// and not its author).
struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Release a held post.",
        discussion: "Drops a request into the spool's incoming/ and waits for heraldd's answer. Who approves is the "
            + "user running this command, as the kernel records the request file's owner."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The post id (from herald queue).", valueName: "ID"))
    var id: String

    @Option(name: .customLong("as"), help: ArgumentHelp("Root only: approve as this user.", valueName: "USER"))
    var actingAs: String?

    @Option(help: ArgumentHelp("Seconds to wait for heraldd's answer; 0 does not wait.", valueName: "SECONDS"))
    var wait: Double = 30

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            try ApprovalSubmitter.submit(ApprovalRequest(postID: id, decision: .approve, actingAs: actingAs),
                                         spool: config.daemon.spool, wait: wait)
        }
    }
}
