import ArgumentParser
import Foundation
import HeraldCore

/// `herald submit [FILE|-] [--account A] [--at T]`: checks a post and drops it into `incoming/` atomically.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a post file (or standard input) to the spool.",
        discussion: "The file is checked first; it is written under a hidden name and renamed into incoming/, "
            + "so the daemon never sees it half-written."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The post file; - or nothing reads standard input.", valueName: "FILE"))
    var file: String?

    @Option(help: ArgumentHelp("Publish on these accounts (replaces the file's Account: header).", valueName: "A"))
    var account: String?

    @Option(help: ArgumentHelp("Publish at this time (replaces the file's At: header).", valueName: "T"))
    var at: String?

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let source = file ?? "-"
            var bytes = try PostInput.read(source)
            var overrides: [(String, String)] = []
            if let account { overrides.append(("Account", account)) }
            if let at { overrides.append(("At", at)) }
            if !overrides.isEmpty { bytes = try PostInput.replacingHeaders(in: bytes, with: overrides, file: source) }
            let now = Date()
            let parsed: PostFile
            do {
                parsed = try PostFile.parse(bytes)
            } catch {
                throw CLIError.invalid("\(source): \(error)")
            }
            let validation = PostValidator.validate(parsed, config: config, now: now)
            guard validation.isValid else {
                throw CLIError.invalid(validation.errors.map { "\(source): \($0.description)" }.joined(separator: "\n"))
            }
            let name = try SpoolWriter.write(bytes, named: PostInput.spoolName(for: source),
                                             into: SpoolPaths(root: config.daemon.spool).incoming)
            print("submitted \(name)")
        }
    }
}

/// The spool's directories as the CLI sees them.
struct SpoolPaths {
    var root: String
    var incoming: String { (root as NSString).appendingPathComponent("incoming") }
    var replies: String { (root as NSString).appendingPathComponent("replies") }
}
