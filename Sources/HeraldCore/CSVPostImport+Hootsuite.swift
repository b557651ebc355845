import Foundation

extension CSVPostImport {
    /// Hootsuite's bulk-composer layout: date, message, optional link.
    struct HootsuiteLayout {
        var hasHeader: Bool

        /// The layout when `first` is its header (`date,message[,link]`) or already a row of it (a date first).
        init?(header first: CSVRecordReader.Record) {
            let names = first.fields.map(CSVPostImport.normalized)
            if (2...3).contains(names.count), names[0] == "date", names[1] == "message",
               names.count == 2 || names[2] == "link" || names[2] == "url" {
                hasHeader = true
            } else if (2...3).contains(first.fields.count), HootsuiteDate(first.fields[0]) != nil {
                hasHeader = false
            } else {
                return nil
            }
        }

        func read(_ records: [CSVRecordReader.Record], source: String, dateOrder: DateOrder?) -> Result {
            var result = Result()
            var dates: [(record: CSVRecordReader.Record, date: HootsuiteDate)] = []
            for record in records {
                guard (2...3).contains(record.fields.count), let date = HootsuiteDate(record.fields[0]) else {
                    result.problems.append(Problem(line: record.line, message: "expected a date (MM/DD/YYYY HH:MM or "
                        + "DD/MM/YYYY HH:MM), a message and an optional link"))
                    continue
                }
                dates.append((record, date))
            }
            let order: DateOrder
            if let dateOrder {
                order = dateOrder
            } else {
                guard let first = dates.first else { return result }
                let dayFirst = dates.first { $0.date.first > 12 }
                let monthFirst = dates.first { $0.date.second > 12 }
                switch (dayFirst, monthFirst) {
                case (_?, nil):
                    order = .dmy
                case (nil, _?):
                    order = .mdy
                case let (day?, month?):
                    result.problems.append(Problem(line: first.record.line, message: "the dates are written both ways "
                        + "(line \(day.record.line) day first, line \(month.record.line) month first): say which with "
                        + "--date-order dmy or mdy"))
                    return result
                case (nil, nil):
                    result.problems.append(Problem(line: first.record.line, message: "the dates read both as "
                        + "day/month and as month/day: say which with --date-order dmy or mdy"))
                    return result
                }
            }
            for (record, date) in dates {
                guard let local = date.local(order) else {
                    result.problems.append(Problem(
                        line: record.line, message: "\"\(record.fields[0])\" is not a date in \(order.rawValue) order"))
                    continue
                }
                var text = record.fields[1]
                if record.fields.count == 3, !record.fields[2].isEmpty {
                    text += (text.isEmpty ? "" : " ") + record.fields[2]
                }
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    result.problems.append(Problem(line: record.line, message: "the message is empty"))
                    continue
                }
                let id = CSVPostImport.generatedID(source: source, cells: record.fields)
                let post = "At: \(local)\nId: \(id)\n\n" + text.replacingOccurrences(of: "\r\n", with: "\n") + "\n"
                result.rows.append(Row(line: record.line, id: id, post: post))
            }
            return result
        }
    }

    /// A Hootsuite date cell, `NN/NN/YYYY HH:MM`, before its day and month are told apart.
    struct HootsuiteDate: Equatable {
        var first: Int
        var second: Int
        var year: Int
        var hour: Int
        var minute: Int

        init?(_ cell: String) {
            let parts = cell.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { return nil }
            let date = parts[0].split(separator: "/", omittingEmptySubsequences: false)
            let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard date.count == 3, time.count == 2, date[2].count == 4,
                  let first = Int(date[0]), let second = Int(date[1]), let year = Int(date[2]),
                  let hour = Int(time[0]), let minute = Int(time[1])
            else { return nil }
            (self.first, self.second, self.year, self.hour, self.minute) = (first, second, year, hour, minute)
        }

        /// The wall-clock time in `order`, or nil when it is not a date that way.
        func local(_ order: DateOrder) -> LocalDateTime? {
            let (day, month) = order == .dmy ? (first, second) : (second, first)
            return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
        }
    }
}
