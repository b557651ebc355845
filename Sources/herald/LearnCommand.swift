import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald learn --account A FILE.csv`: fits the account's activity curve from an X analytics export and stores it
/// for the planner; `--from-history` fits it from the account's own statuses' engagement, fetched by heraldd;
/// `--reset` forgets it.
struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Learn an account's audience curve from an X analytics export (CSV) or from its own statuses.",
        discussion: """
            Reads the export's time, impressions and engagements columns (other columns are ignored), reports bad \
            rows by line and skips them, fits the curve (recency weighting, smoothing, shrinkage toward the default \
            curve where data is thin) and stores it. The planner uses it for the account from then on, in place of \
            the account's audience; herald audience shows it. --from-history fits it from the engagement heraldd \
            fetched for the account's own statuses (X, Mastodon, Bluesky; at least \
            \(HistoryLearning.minimumStatuses) statuses). --reset goes back to the configured audience.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The account the export belongs to.", valueName: "A"))
    var account: String

    @Flag(help: "Forget the account's learned curve.")
    var reset = false

    @Flag(help: "Learn from the engagement of the account's own published statuses instead of a file.")
    var fromHistory = false

    @Argument(help: ArgumentHelp("The analytics export (- for stdin).", valueName: "FILE"))
    var file: String?

    func validate() throws {
        let sources = [reset, fromHistory, file != nil].filter { $0 }.count
        if sources > 1 { throw ValidationError("give one of FILE, --from-history or --reset") }
        if sources == 0 { throw ValidationError("missing FILE (or --from-history, or --reset)") }
    }

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            guard let target = config.account(named: account) else {
                throw CLIError.invalid("--account: \"\(account)\" is not a configured account")
            }
            let database = try options.database(config)
            let now = Date()
            if reset {
                let had = try database.resetLearnedCurve(account: target.name)
                try QueueChange.replan(database, config: config, accounts: [target.name], now: now)
                print(had ? "forgot the learned curve of \(target.name)" : "\(target.name) had no learned curve")
                return
            }
            if fromHistory {
                try learnFromHistory(target, config: config, database: database, now: now)
                return
            }
            let text = String(decoding: try PostInput.read(file!), as: UTF8.self)
            let export: EngagementExport
            let fit: CurveFitter.Fit
            do {
                export = try EngagementExport(csv: text)
                fit = try CurveFitter().fit(export.rows, zone: target.timeZone, halfLife: target.halfLife, now: now,
                                            prior: config.defaultCurve)
            } catch {
                throw CLIError.invalid("\(file!): \(error)")
            }
            for problem in export.problems {
                FileHandle.standardError.write(Data("\(file!): \(problem) (skipped)\n".utf8))
            }
            try database.saveLearnedCurve(account: target.name, curve: fit.curve, posts: fit.posts, now: now)
            let moved = try QueueChange.replan(database, config: config, accounts: [target.name], now: now)
            print("learned the curve of \(target.name) from \(fit.posts) posts"
                  + (export.problems.isEmpty ? "" : " (\(export.problems.count) rows skipped)")
                  + "; peak hours (\(target.timeZone.identifier)): " + Self.peaks(of: fit.curve).joined(separator: ", ")
                  + (moved.isEmpty ? "" : "; \(moved.count) planned posts moved"))
        }
    }

    /// `--from-history`: the account's statuses with engagement figures, fitted like an export's rows.
    private func learnFromHistory(
        _ target: Account, config: HeraldConfiguration, database: AppDatabase, now: Date
    ) throws {
        guard target.network.hasMetrics else {
            throw CLIError.invalid("--from-history: \(target.name) publishes to \(target.network.rawValue), whose "
                + "engagement Herald does not fetch (only x, mastodon and bluesky)")
        }
        let fit: CurveFitter.Fit
        do {
            fit = try HistoryLearning.fit(try database.metricsSamples(account: target.name), zone: target.timeZone,
                                          halfLife: target.halfLife, now: now, prior: config.defaultCurve)
        } catch let error as HistoryLearningError {
            throw CLIError.invalid("--from-history: \(target.name): \(error)")
        }
        try database.saveLearnedCurve(account: target.name, curve: fit.curve, posts: fit.posts, now: now)
        let moved = try QueueChange.replan(database, config: config, accounts: [target.name], now: now)
        print("learned the curve of \(target.name) from \(fit.posts) statuses of its history"
              + "; peak hours (\(target.timeZone.identifier)): " + Self.peaks(of: fit.curve).joined(separator: ", ")
              + (moved.isEmpty ? "" : "; \(moved.count) planned posts moved"))
    }

    /// The three best quarter hours of the week, as `Tue 12:30`.
    static func peaks(of curve: ActivityCurve) -> [String] {
        curve.values.indices.sorted { curve.values[$0] > curve.values[$1] || (curve.values[$0] == curve.values[$1]
            && $0 < $1) }.prefix(3).map { ActivityCurve.label(ofQuarter: $0).replacingOccurrences(of: ",", with: " ") }
    }
}
