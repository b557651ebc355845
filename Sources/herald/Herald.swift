import ArgumentParser

/// `herald`: submit posts to the spool and look at what the daemon does with them.
@main
struct Herald: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Submit, check and follow the posts Herald publishes.",
        subcommands: [
            SubmitCommand.self, CheckCommand.self, MeasureCommand.self, QueueCommand.self, PlanCommand.self,
            CancelCommand.self, HistoryCommand.self, CheckConfigCommand.self, SessionsCommand.self, LearnCommand.self,
            AudienceCommand.self, ApproveCommand.self, RejectCommand.self, ImportCommand.self,
            ResumeCommand.self, FeedsCommand.self, NodesCommand.self,
        ]
    )
}
