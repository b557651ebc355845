import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald plan --now T [--json] FILE...`: where these files would be placed, with the clock fixed at T.
/// Reads the existing queue (when there is a state database) so slots already taken stay taken; writes nothing.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show when post files would be published, without submitting them."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The clock, e.g. 2026-11-23T08:00:00Z or \"2026-11-23 08:00 Europe/Oslo\".",
                               valueName: "T"))
    var now: String

    @Flag(help: "Print a JSON array, one object per post and account.")
    var json = false

    @Argument(help: ArgumentHelp("Post files.", valueName: "FILE"))
    var files: [String]

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let clock: Date
            do {
                clock = try TimeSpec.parse(now).resolve(now: Date(), zone: TimeZone(identifier: "UTC")!)
            } catch {
                throw CLIError.invalid("--now: \(error)")
            }
            let databasePath = AppDatabase.path(inStateDirectory: config.daemon.state)
            let database = FileManager.default.fileExists(atPath: databasePath) ? try options.database(config) : nil
            var taken: [String: [Date]] = [:]
            var items: [QueueItem] = []
            var problems: [String] = []
            for file in files {
                let parsed: PostFile
                do {
                    parsed = try PostFile.parse(try PostInput.read(file))
                } catch let error as PostFileError {
                    problems.append("\(file): \(error.description)")
                    continue
                }
                let validation = PostValidator.validate(parsed, config: config, now: clock)
                guard validation.isValid else {
                    problems += validation.errors.map { "\(file): \($0.description)" }
                    continue
                }
                for target in validation.targets {
                    let name = target.account.name
                    if taken[name] == nil { taken[name] = try database?.occupied(account: name, now: clock) ?? [] }
                    guard let instant = QueuePlanner.place(target, now: clock, occupied: taken[name]!.sorted()) else {
                        problems.append("\(file): no free queue slot for account \(name) within the post's window")
                        continue
                    }
                    taken[name]!.append(instant)
                    items.append(QueueItem(
                        id: parsed.id ?? (file as NSString).lastPathComponent, account: name, state: "planned",
                        scheduledAt: instant, zone: target.account.timeZone, author: parsed.author,
                        text: parsed.parts.map(\.text).joined(separator: "\n---\n")
                    ))
                }
            }
            if json {
                try JSONOutput.print(items)
            } else {
                for item in items { print(item.line) }
            }
            if !problems.isEmpty { throw CLIError.invalid(problems.joined(separator: "\n")) }
        }
    }
}
