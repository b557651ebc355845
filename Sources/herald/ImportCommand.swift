import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

extension CSVPostImport.DateOrder: ExpressibleByArgument {}

/// `herald import FILE.csv`: one post file per row, into `incoming/`, each checked as `herald check` checks it.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import posts from a CSV file: one post per row (Herald's columns or Hootsuite's bulk layout).",
        discussion: "Every row is checked first (lengths, media, policy) and nothing is written unless all are "
            + "valid. Rows get a stable Id, so importing a file again adds only its new or edited rows."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "FILE.csv"))
    var file: String

    @Flag(help: "Print what each row would become, with its line; write nothing.")
    var dryRun = false

    @Flag(help: "Import the valid rows even when others are not (and say which were left out).")
    var skipInvalid = false

    @Option(help: ArgumentHelp("Hootsuite dates: dmy (DD/MM/YYYY) or mdy (MM/DD/YYYY), when the file does not tell.",
                               valueName: "ORDER"))
    var dateOrder: CSVPostImport.DateOrder?

    @Option(help: ArgumentHelp("The account of rows without one (Hootsuite's layout has none).", valueName: "A"))
    var account: String?

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.invalid("\(file): cannot be read")
            }
            guard let text = String(validating: Array(data), as: UTF8.self) else {
                throw CLIError.invalid("\(file): not UTF-8 text")
            }
            if let account, config.account(named: account) == nil {
                throw CLIError.invalid("--account: \"\(account)\" is not a configured account")
            }
            let parsed = CSVPostImport.read(text, source: file, dateOrder: dateOrder)
            var checked = check(parsed.rows, config: config)
            let invalid = parsed.problems.map { "\(file):\($0.line): \($0.message)" }
                + checked.filter { !$0.report.ok }.flatMap { item in
                    item.report.errors.map { "\(file):\(item.row.line): \($0.message)" }
                }
            checked.removeAll { !$0.report.ok }
            let invalidRows = parsed.problems.count + parsed.rows.count - checked.count
            if dryRun {
                for item in checked { print(describe(item)) }
                invalid.forEach { print($0) }
                print("\(checked.count) of \(checked.count + invalidRows) rows would be imported")
                if invalidRows > 0 { throw ExitCode(1) }
                return
            }
            guard invalidRows == 0 || skipInvalid else {
                invalid.forEach { printError($0) }
                throw CLIError.invalid("nothing imported: \(invalidRows) of \(checked.count + invalidRows) rows are "
                    + "invalid (--skip-invalid imports the others, --dry-run shows every row)")
            }
            invalid.forEach { printError("skipped: \($0)") }
            let (written, known) = try write(checked, config: config)
            var summary = "imported \(written) post\(written == 1 ? "" : "s") from \(file)"
            if known > 0 { summary += ", \(known) already imported" }
            if invalidRows > 0 { summary += ", \(invalidRows) invalid row\(invalidRows == 1 ? "" : "s") skipped" }
            print(summary)
        }
    }

    /// A row checked as `herald check` checks a file.
    struct Checked {
        var row: CSVPostImport.Row
        var bytes: [UInt8]
        var report: CheckReport
    }

    /// Every row's post file, with `--account` for rows without an account, checked with one policy engine.
    func check(_ rows: [CSVPostImport.Row], config: HeraldConfiguration) -> [Checked] {
        let engine = PolicyEngine(policy: config.policy)
        let now = Date()
        var progress = Progress(label: "checking", total: rows.count)
        return rows.map { row in
            progress.advance()
            var post = row.post
            if let account, !post.hasPrefix("Account:") && !post.contains("\nAccount:") {
                post = "Account: \(account)\n" + post
            }
            let bytes = Array(post.utf8)
            let report = CheckReport.make(
                file: "\(file):\(row.line)", bytes: bytes, config: config, now: now, engine: engine)
            return Checked(row: row, bytes: bytes, report: report)
        }
    }

    /// Writes the rows not imported before (their `Id` taken for one of their accounts, or their file still
    /// waiting in `incoming/`); how many were written and how many were known.
    func write(_ rows: [Checked], config: HeraldConfiguration) throws -> (written: Int, known: Int) {
        let incoming = SpoolPaths(root: config.daemon.spool).incoming
        var taken: [String: Set<String>] = [:]
        if let database = try options.existingDatabase(config) {
            var ids: [String: [String]] = [:]
            for item in rows {
                for target in item.report.targets { ids[target.account, default: []].append(item.row.id) }
            }
            for (account, list) in ids { taken[account] = try database.takenSubmitterIDs(list, account: account) }
        }
        var written = 0
        var known = 0
        var progress = Progress(label: "writing", total: rows.count)
        for item in rows {
            progress.advance()
            let name = Self.spoolName(for: item.row.id, accounts: item.report.targets.map(\.account))
            let imported = item.report.targets.contains { taken[$0.account]?.contains(item.row.id) == true }
            if imported || FileManager.default.fileExists(atPath: (incoming as NSString).appendingPathComponent(name)) {
                known += 1
                continue
            }
            _ = try SpoolWriter.write(item.bytes, named: name, into: incoming)
            written += 1
        }
        return (written, known)
    }

    /// `import-` and a hash of the row's `Id` and accounts (the same `Id` may serve other accounts in other rows).
    static func spoolName(for id: String, accounts: [String]) -> String {
        "import-" + CSVPostImport.generatedID(source: "", cells: [id] + accounts.sorted()) + ".post"
    }

    /// `FILE:LINE: ok  Id ID  → account (network) 120/280, …`.
    func describe(_ item: Checked) -> String {
        let targets = item.report.targets.map { target in
            "\(target.account) (\(target.network)) " + target.parts.map { "\($0.length)/\($0.limit)" }
                .joined(separator: ", ")
        }
        return "\(file):\(item.row.line): ok  Id \(item.row.id)  → " + targets.joined(separator: "; ")
    }
}

/// A one-line progress bar on standard error, when it is a terminal and there is enough to wait for.
struct Progress {
    let label: String
    let total: Int
    private var done = 0
    private let shown: Bool

    init(label: String, total: Int) {
        self.label = label
        self.total = total
        shown = total >= 500 && isatty(STDERR_FILENO) == 1
    }

    mutating func advance() {
        done += 1
        guard shown, done % max(total / 100, 1) == 0 || done == total else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)\(done == total ? "\n" : "")".utf8))
    }
}
