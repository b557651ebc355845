/// Splits CSV text (RFC 4180) into records, each with the line it starts on, so every error can name a line.
///
/// Exports from analytics sites put tweet text in quoted fields with commas, doubled quotes and line breaks;
/// a record is therefore not a line, and counting lines has to follow the quoting. Accepted: `,` separators,
/// `"…"` fields with `""` for a quote, CRLF or LF line ends, a leading byte-order mark, blank lines (skipped).
/// Unquoted fields lose surrounding spaces and tabs; quoted ones are kept exactly.
struct CSVRecordReader {
    /// One record: its fields and the 1-based line it starts on.
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// A quoted field still open at the end of the text.
    struct UnterminatedQuote: Error, Equatable {
        /// The line where the quoted field starts.
        var line: Int
    }

    /// Every non-blank record of `text`, in order.
    static func records(in text: String) throws(UnterminatedQuote) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false          // inside a quoted field
        var wasQuoted = false       // the current field was (at least partly) quoted: keep its spaces
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }

        func finishField() {
            var value = field
            if !wasQuoted {
                while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
                let start = value.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? value.endIndex
                value.removeSubrange(0..<start)
            }
            fields.append(String(decoding: value, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func finishRecord() {
            finishField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                // A quote opens a quoted field only at its start (spaces before it are dropped); elsewhere it is text.
                if field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !wasQuoted {
                    field.removeAll()
                    quoted = true
                    wasQuoted = true
                    quoteLine = line
                } else {
                    field.append(byte)
                }
            case UInt8(ascii: ","):
                finishField()
            case UInt8(ascii: "\n"):
                if field.last == UInt8(ascii: "\r") && !wasQuoted { field.removeLast() }
                finishRecord()
                line += 1
                recordLine = line
            case UInt8(ascii: "\r") where wasQuoted:
                // The CR of a CRLF after a closing quote.
                if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { continue }
                field.append(byte)
            default:
                field.append(byte)
            }
        }
        if quoted { throw UnterminatedQuote(line: quoteLine) }
        if field.last == UInt8(ascii: "\r") && !wasQuoted { field.removeLast() }
        finishRecord()
        return records
    }
}
