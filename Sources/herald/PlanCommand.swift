import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald plan --now T [--json] FILE...`: where these files would be placed, with the clock fixed at T.
/// Reads the existing queue (when there is a state database) so instants already taken stay taken and planned
/// posts are planned together with the new ones, exactly as the daemon would; writes nothing.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show when post files would be published, without submitting them."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The clock, e.g. 2026-11-23T08:00:00Z or \"2026-11-23 08:00 Europe/Oslo\".",
                               valueName: "T"))
    var now: String

    @Flag(help: "Print a JSON array, one object per post and account, with its reach.")
    var json = false

    @Argument(help: ArgumentHelp("Post files.", valueName: "FILE"))
    var files: [String]

    /// One line of output before the planner has run: either placed already, or waiting for request `index`.
    private enum Pending {
        case item(QueueItem)
        /// `make` builds the line once the planner has placed it (with the planner's reach).
        case planned(index: Int, file: String, account: String, make: (Date, Double?) -> QueueItem)
    }

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            let clock: Date
            do {
                clock = try TimeSpec.parse(now).resolve(now: Date(), zone: TimeZone(identifier: "UTC")!)
            } catch {
                throw CLIError.invalid("--now: \(error)")
            }
            let database = try options.existingDatabase(config)
            let context = try database?.planningContext(config)
                ?? PlanningContext(planner: config.daemon.planner, accounts: config.planningAccounts())
            var (requests, fixed) = try database?.planningInputs(context, now: clock) ?? ([], [])
            let engine = PolicyEngine(policy: config.policy)
            var taken: [String: [Date]] = [:]
            var pending: [Pending] = []
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
                let id = parsed.id ?? (file as NSString).lastPathComponent
                // The policy gate first, as at accept: refused targets are problems, held ones wait, embargoes
                // move windows, support posts move to their account (the submitter rule needs the daemon).
                let gated = TargetGate.apply(parsed, targets: validation.targets, config: config, engine: engine,
                                             now: clock)
                for gate in gated {
                    guard let account = config.account(named: gate.account) else { continue }
                    if case let .reject(reason) = gate.outcome {
                        problems.append("\(file): refused on \(gate.account) by the policy: \(reason)")
                        continue
                    }
                    let held: Bool
                    if case .hold = gate.outcome { held = true } else { held = false }
                    let target = PostTarget(account: account, at: gate.at, notBefore: gate.notBefore,
                                            notAfter: gate.notAfter, language: parsed.language ?? account.language)
                    let name = target.account.name
                    func item(at instant: Date, reach known: Double? = nil) -> QueueItem {
                        var item = QueueItem(
                            id: id, account: name, state: "planned", scheduledAt: instant,
                            zone: target.account.timeZone, author: parsed.author,
                            text: parsed.parts.map(\.text).joined(separator: "\n---\n"),
                            reach: known ?? Self.reach(of: target.account, at: instant, context: context)
                        )
                        // The first occurrence of a repeating post (the next ones are queued as each goes out).
                        item.repeats = parsed.repeatRule.map {
                            RepeatItem(SeriesInfo(every: $0.every, occurrence: 1, count: $0.count,
                                                  until: $0.until?.description))
                        }
                        return item
                    }
                    if held && target.at == nil && context.plans(name) {
                        // Held for an approver on a planned account: it waits at the end of its window.
                        let end = max(clock, target.notBefore ?? clock).addingTimeInterval(context.planner.horizon)
                        var item = item(at: target.at ?? min(target.notAfter ?? end, end))
                        item.state = "held"
                        pending.append(.item(item))
                        continue
                    }
                    if target.at == nil, context.plans(name) {
                        requests.append(PlanRequest(postID: id, account: name, notBefore: target.notBefore,
                                                    notAfter: target.notAfter))
                        pending.append(.planned(index: requests.count - 1, file: file, account: name, make: item))
                        continue
                    }
                    if taken[name] == nil { taken[name] = try database?.occupied(account: name, now: clock) ?? [] }
                    guard let instant = QueuePlanner.place(target, now: clock, occupied: taken[name]!.sorted()) else {
                        problems.append("\(file): no free queue slot for account \(name) within the post's window")
                        continue
                    }
                    taken[name]!.append(instant)
                    if context.plans(name) && !held { fixed.append(FixedStatus(account: name, at: instant)) }
                    var placed = item(at: instant)
                    if held { placed.state = "held" }
                    pending.append(.item(placed))
                }
            }
            let placements = context.planner.plan(posts: requests, accounts: context.accounts, fixed: fixed,
                                                  now: clock)
            var items: [QueueItem] = []
            for entry in pending {
                switch entry {
                case let .item(item):
                    items.append(item)
                case let .planned(index, file, account, make):
                    let placement = placements[index]
                    guard let at = placement.at else {
                        problems.append("\(file): no instant for account \(account) within the post's window "
                            + "(\(placement.outcome.rawValue))")
                        continue
                    }
                    items.append(make(at, placement.reach))
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

    /// The reach of a status of `account` at `instant`: its planning audience, or else its own zone with the
    /// default curve, so posts of slot-queue accounts get a comparable figure.
    static func reach(of account: Account, at instant: Date, context: PlanningContext) -> Double {
        if let planned = context.accounts.first(where: { $0.account.name == account.name }) {
            return planned.reachModel.reach(at: instant)
        }
        let audience = Audience.single(name: account.name, zone: account.timeZone)
        return ReachModel(audience: audience, halfLife: account.halfLife).reach(at: instant)
    }
}
