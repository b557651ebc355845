import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald audience [--account A] [--svg FILE]`: the week as the planner sees it, hours × days in the account's
/// local time, darker where a status reaches more, with the planned posts marked, and the hours in which the
/// account's own statuses did best (from the engagement heraldd fetched) marked too.
struct AudienceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audience",
        abstract: "Draw an account's audience week as a heatmap, with its planned posts marked."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The account (default: the default account).", valueName: "A"))
    var account: String?

    @Option(help: ArgumentHelp("Also write the picture as SVG to FILE.", valueName: "FILE"))
    var svg: String?

    @Option(help: ArgumentHelp("Show the week containing T (default: now).", valueName: "T"))
    var now: String?

    @Flag(help: "Plain blocks, no colour (also when NO_COLOR is set or stdout is not a terminal).")
    var noColor = false

    /// How many of the best quarter hours are marked.
    static let bestCount = 5

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            guard let name = account ?? config.daemon.defaultAccount else {
                throw CLIError.invalid("--account: there is no default account; name one")
            }
            guard let target = config.account(named: name) else {
                throw CLIError.invalid("--account: \"\(name)\" is not a configured account")
            }
            let clock: Date
            do {
                clock = try now.map { try TimeSpec.parse($0).resolve(now: Date(), zone: target.timeZone) } ?? Date()
            } catch {
                throw CLIError.invalid("--now: \(error)")
            }
            let database = try options.existingDatabase(config)
            var stored = try database?.learnedCurves() ?? LearnedCurves()
            stored.problems = stored.problems.filter { $0.key == name }
            for problem in stored.problemDescriptions { printError(problem) }
            let learned = stored.curves
            let planned = config.planningAccounts(learned: learned).first { $0.account.name == name }
            let audience = planned?.audience
                ?? Audience.single(name: name, zone: target.timeZone, curve: config.defaultCurve)
            let model = ReachModel(audience: audience, halfLife: target.halfLife)
            let queued = try database?.queue().filter { $0.account == name }.map(\.scheduledAt) ?? []
            let samples = target.network.hasMetrics ? try database?.metricsSamples(account: name) ?? [] : []
            let best = BestQuarter.best(samples, zone: target.timeZone, count: Self.bestCount)
            let map = AudienceHeatmap.week(containing: clock, model: model, zone: target.timeZone, planned: queued,
                                           best: best)

            let source = learned[name] != nil ? "learned curve"
                : planned != nil ? "audience \(audience.name): "
                    + audience.zones.map { "\($0.timeZone.identifier) \($0.weight)" }.joined(separator: ", ")
                : "no audience (default curve in the account's zone; posts use the slot queue)"
            print("\(name): \(source); half-life \(target.halfLife) min")
            let color = !noColor && isatty(STDOUT_FILENO) == 1
                && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                && ProcessInfo.processInfo.environment["TERM"] != "dumb"
            print(map.renderTerminal(color: color), terminator: "")
            if !best.isEmpty {
                print("performed best (\(target.timeZone.identifier), mean engagement of its statuses): " + best.map {
                    ActivityCurve.label(ofQuarter: $0.quarter).replacingOccurrences(of: ",", with: " ")
                        + " (\(Int($0.mean.rounded())), \($0.statuses) statuses)"
                }.joined(separator: ", "))
            }
            if let svg {
                do {
                    try Data(map.renderSVG().utf8).write(to: URL(fileURLWithPath: svg), options: .atomic)
                } catch {
                    throw CLIError.invalid("\(svg): \(error.localizedDescription)")
                }
            }
        }
    }
}
