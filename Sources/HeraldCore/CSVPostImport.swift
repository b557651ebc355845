import Foundation

/// `herald import`: a CSV file of posts turned into post files, one per row (pure; the CLI validates and writes
/// them through the same spool as every other post).
///
/// Two layouts are read:
/// - **Herald's**: a header row naming any of ``columns`` in any order (case and spaces or `-` for `_` do not
///   matter; an unknown or repeated name is an error, so a typo never drops a column). `text` is the post's body,
///   `---` lines included (a thread); `media` holds one `Media:` value per line; the rest are the post file's
///   headers. Empty cells are left out: an empty `at` leaves the post to the next slot or the planner.
/// - **Hootsuite's bulk composer**: date, message and optional link (with a header row `date,message,link`, or
///   without one when the first cell is a date): `MM/DD/YYYY HH:MM` or `DD/MM/YYYY HH:MM` in the account's zone,
///   the link appended to the message. Which order the dates are in is read from the file (a day over 12) or given
///   (``DateOrder``); a file where both readings work is an error rather than a guess.
///
/// Every row gets a stable `Id:` (its `id` cell, else `csv-` and a hash of the file name and the row's cells), so
/// importing the same file again adds nothing: the daemon refuses a second post with the same `Id` for an account.
public enum CSVPostImport {
    /// Herald's columns, in the order the post file's headers are written.
    public static let columns = [
        "account", "at", "not_before", "not_after", "author", "id", "language", "kind", "in_reply_to",
        "content_warning", "media", "text",
    ]

    /// How Hootsuite dates are written.
    public enum DateOrder: String, Sendable, CaseIterable {
        /// `DD/MM/YYYY`.
        case dmy
        /// `MM/DD/YYYY`.
        case mdy
    }

    /// One row as a post file.
    public struct Row: Sendable, Equatable {
        /// The line the row starts on.
        public var line: Int
        /// Its `Id:`.
        public var id: String
        /// The post file's text.
        public var post: String
    }

    /// A row (or the file) that cannot become a post, with the line it is on.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String

        public var description: String { "line \(line): \(message)" }
    }

    /// The rows that could be made into post files, and the problems of the others (or of the whole file).
    public struct Result: Sendable, Equatable {
        public var rows: [Row] = []
        public var problems: [Problem] = []
    }

    /// Reads `text`, the content of the file named `source` (its base name goes into generated ids).
    public static func read(_ text: String, source: String, dateOrder: DateOrder? = nil) -> Result {
        let records: [CSVRecordReader.Record]
        do {
            records = try CSVRecordReader.records(in: text)
        } catch {
            return Result(problems: [Problem(line: error.line, message: "a quoted cell is never closed")])
        }
        guard let first = records.first else {
            return Result(problems: [Problem(line: 1, message: "the file has no rows")])
        }
        let name = source.split(separator: "/").last.map(String.init) ?? source
        if let hootsuite = HootsuiteLayout(header: first) {
            let body = hootsuite.hasHeader ? Array(records.dropFirst()) : records
            return hootsuite.read(body, source: name, dateOrder: dateOrder)
        }
        switch columnNames(first) {
        case .failure(let problem):
            return Result(problems: [problem])
        case .success(let names):
            var result = Result()
            for record in records.dropFirst() {
                switch row(record, names: names, source: name) {
                case .success(let row): result.rows.append(row)
                case .failure(let problem): result.problems.append(problem)
                }
            }
            if result.rows.isEmpty && result.problems.isEmpty {
                result.problems.append(Problem(line: first.line, message: "the file has a header and no rows"))
            }
            return result
        }
    }

    /// Herald's header row: the column of each field.
    static func columnNames(_ record: CSVRecordReader.Record) -> Swift.Result<[String], Problem> {
        var names: [String] = []
        for field in record.fields {
            let name = normalized(field)
            guard columns.contains(name) else {
                return .failure(Problem(line: record.line, message: "unknown column \"\(field)\"; the columns are "
                    + columns.joined(separator: ", ") + " (or Hootsuite's date, message, link)"))
            }
            guard !names.contains(name) else {
                return .failure(Problem(line: record.line, message: "column \"\(field)\" is named twice"))
            }
            names.append(name)
        }
        guard names.contains("text") else {
            return .failure(Problem(line: record.line, message: "no \"text\" column (the first row names the columns)"))
        }
        return .success(names)
    }

    /// A header cell as a column name: trimmed, lower case, spaces and `-` as `_`.
    static func normalized(_ field: String) -> String {
        String(field.trimmingCharacters(in: .whitespaces).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// One of Herald's rows as a post file.
    static func row(_ record: CSVRecordReader.Record, names: [String], source: String) -> Swift.Result<Row, Problem> {
        guard record.fields.count <= names.count else {
            return .failure(Problem(line: record.line, message: "\(record.fields.count) cells for \(names.count) "
                + "columns (a comma in an unquoted cell?)"))
        }
        var cells: [String: String] = [:]
        for (index, field) in record.fields.enumerated() where !field.isEmpty { cells[names[index]] = field }
        guard let text = cells["text"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .failure(Problem(line: record.line, message: "the text is empty"))
        }
        let id = cells["id"] ?? generatedID(source: source, cells: record.fields)
        var post = ""
        for column in columns where column != "text" && column != "media" {
            guard let value = column == "id" ? id : cells[column] else { continue }
            guard !value.contains("\n"), !value.contains("\r") else {
                return .failure(Problem(line: record.line, message: "the \(column) cell spans lines"))
            }
            post += header(for: column) + ": " + value.trimmingCharacters(in: .whitespaces) + "\n"
        }
        for media in (cells["media"] ?? "").split(whereSeparator: \.isNewline) {
            let value = media.trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { post += "Media: \(value)\n" }
        }
        post += "\n" + text.replacingOccurrences(of: "\r\n", with: "\n") + "\n"
        return .success(Row(line: record.line, id: id, post: post))
    }

    /// The post file header a column fills: `not_before` is `Not-Before`, `id` is `Id`.
    static func header(for column: String) -> String {
        column.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
    }

    /// `csv-` and 16 hex digits of FNV-1a over the file's base name and the row's cells: the same row of the same
    /// file always gets the same id, an edited row a new one.
    public static func generatedID(source: String, cells: [String]) -> String {
        "csv-" + StableHash.hex([source] + cells)
    }
}
