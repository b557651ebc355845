import ArgumentParser
import Foundation
import HeraldCore
import HeraldPublishers

/// `herald check [--json] FILE...`: validates post files without submitting them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate post files: parse, lengths per target, policy. Exit 0 when all are valid."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print a JSON array, one object per file.")
    var json = false

    @Argument(help: ArgumentHelp("Post files to check.", valueName: "FILE"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one post file") }
    }

    func run() throws {
        var reports: [CheckReport] = []
        try reportingErrors {
            let config = try options.load()
            let now = Date()
            reports = files.map { CheckReport.make(file: $0, config: config, now: now) }
        }
        if json {
            try JSONOutput.print(reports)
        } else {
            for report in reports { print(report.text) }
        }
        if reports.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}

/// One file's result, in DESIGN's `herald check --json` shape.
struct CheckReport: Encodable {
    struct Message: Encodable {
        var line: Int?
        var message: String
    }

    struct PartReport: Encodable {
        var length: Int
        var limit: Int
        var ok: Bool
    }

    struct Target: Encodable {
        var account: String
        var network: String
        var parts: [PartReport]
    }

    /// A valid repeating post's rule (issue 14): `{"every": "14d", "count": 5, "until": null}`.
    struct Repeat: Encodable {
        var every: String
        var count: Int?
        var until: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(every, forKey: .every)
            try container.encode(count, forKey: .count)  // null when absent, not omitted
            try container.encode(until, forKey: .until)
        }

        enum CodingKeys: String, CodingKey { case every, count, until }
    }

    var file: String
    var ok: Bool
    var errors: [Message]
    var warnings: [Message]
    var targets: [Target]
    /// Every policy rule hit, per account (see `addPolicy`).
    var policy: [PolicyEntry] = []
    /// Only for a repeating post: its rule as read.
    var repeats: Repeat?

    enum CodingKeys: String, CodingKey {
        case file, ok, errors, warnings, targets, policy
        case repeats = "repeat"
    }

    static func make(file: String, config: HeraldConfiguration, now: Date) -> CheckReport {
        let bytes: [UInt8]
        do {
            bytes = try PostInput.read(file)
        } catch {
            return CheckReport(file: file, ok: false, errors: [Message(line: nil, message: "\(error)")],
                               warnings: [], targets: [])
        }
        return make(file: file, bytes: bytes, config: config, now: now, engine: PolicyEngine(policy: config.policy))
    }

    /// The report of a post file's content (`file` names it in messages); `engine` is the configuration's policy,
    /// built once for many posts.
    static func make(
        file: String, bytes: [UInt8], config: HeraldConfiguration, now: Date, engine: PolicyEngine
    ) -> CheckReport {
        let parsed: PostFile
        do {
            parsed = try PostFile.parse(bytes)
        } catch {
            return CheckReport(file: file, ok: false, errors: [Message(line: error.line, message: error.message)],
                               warnings: [], targets: [])
        }
        let validation = PostValidator.validate(parsed, config: config, now: now)
        var targets: [Target] = []
        for measurement in validation.measurements {
            let part = PartReport(length: measurement.length, limit: measurement.limit,
                                  ok: measurement.isPublishable)
            if let index = targets.firstIndex(where: { $0.account == measurement.account }) {
                targets[index].parts.append(part)
            } else {
                targets.append(Target(account: measurement.account, network: measurement.network.rawValue,
                                      parts: [part]))
            }
        }
        // The media files themselves (symlinks resolved), only once the paths passed the validator.
        let errors = validation.errors
            + validation.targets.flatMap { MediaCheck.problems(parsed.media, account: $0.account) }
        var report = CheckReport(
            file: file, ok: errors.isEmpty,
            errors: errors.map { Message(line: $0.line, message: $0.message) },
            warnings: validation.warnings.map { Message(line: $0.line, message: $0.message) },
            targets: targets
        )
        report.addPolicy(of: parsed, targets: validation.targets, config: config, now: now, engine: engine)
        report.repeats = parsed.repeatRule.map {
            Repeat(every: $0.every.description, count: $0.count, until: $0.until?.description)
        }
        return report
    }

    /// The human-readable form: `FILE: ok` or one `FILE:LINE: message` per error, then the lengths.
    var text: String {
        var lines: [String] = []
        if ok { lines.append("\(file): ok" + (repeats.map { " (repeats every \($0.every)\(Self.bounds($0)))" } ?? "")) }
        for error in errors {
            lines.append("\(file):" + (error.line.map { "\($0):" } ?? "") + " \(error.message)")
        }
        for warning in warnings {
            lines.append("\(file):" + (warning.line.map { "\($0):" } ?? "") + " warning: \(warning.message)")
        }
        for target in targets {
            let parts = target.parts.map { "\($0.length)/\($0.limit)\($0.ok ? "" : " (too long)")" }
            lines.append("  \(target.account) (\(target.network)): " + parts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// `, 5 times`, ` until 2027-01-01 09:00:00`, both, or nothing.
    private static func bounds(_ rule: Repeat) -> String {
        (rule.count.map { ", \($0) times" } ?? "") + (rule.until.map { " until \($0)" } ?? "")
    }
}
