import Foundation

/// Reading post files for the CLI, and rewriting their headers for `submit --account/--at`.
enum PostInput {
    /// Reads a file, or standard input for `-`.
    static func read(_ source: String) throws -> [UInt8] {
        if source == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw CLIError.invalid("\(source): cannot read the file")
        }
        return Array(data)
    }

    /// Replaces (or adds) header lines, leaving every other byte of the file as it was.
    static func replacingHeaders(in bytes: [UInt8], with overrides: [(String, String)], file: String) throws
        -> [UInt8]
    {
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw CLIError.invalid("\(file): not valid UTF-8")
        }
        let bom = text.hasPrefix("\u{FEFF}")
        if bom { text.removeFirst() }
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        let lines = text.components(separatedBy: newline)
        guard let blank = lines.firstIndex(of: "") else {
            throw CLIError.invalid("\(file): no blank line between the headers and the body")
        }
        let replaced = Set(overrides.map { $0.0.lowercased() })
        let kept = lines[..<blank].filter { line in
            let name = line.split(separator: ":", maxSplits: 1).first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            return !(name.map(replaced.contains) ?? false)
        }
        let headers = overrides.map { "\($0.0): \($0.1)" } + kept
        return Array(((bom ? "\u{FEFF}" : "") + (headers + lines[blank...]).joined(separator: newline)).utf8)
    }

    /// A fresh spool name that keeps the submitted file's name recognisable.
    static func spoolName(for source: String) -> String {
        var base = source == "-" ? "stdin" : ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        base = String(base.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.prefix(40))
        if base.isEmpty || base.hasPrefix(".") { base = "post" }
        let stamp = Int(Date().timeIntervalSince1970)
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return "\(base)-\(stamp)-\(random).post"
    }
}
