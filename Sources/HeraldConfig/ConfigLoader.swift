import Foundation
import HeraldCore
import HeraldIO
import TOMLKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads herald.toml (DESIGN, "Configuration") into a validated `HeraldConfiguration`.
///
/// Every problem is a `ConfigError` naming the file, the line and the reason, so that `heraldd` can stop at start
/// with it and `herald check-config` can print the same thing. Syntax errors come from TOMLKit (toml++) with line
/// and column; everything else is checked here and located with `TOMLSourceLocator`, because TOMLKit does not expose
/// the source positions of values. Unknown keys are errors, so that typos don't pass silently.
///
/// Defaults that make a minimal file work: `[daemon]` may be left out (`DaemonSettings`' defaults); with exactly one
/// account and no `default_account`, that account is the default; `time_zone` is `UTC`, `language` `en`,
/// `network` `outbox`, `voice` `brand`, `counts_as` `x`, `timeout` 30 s, and `half_life` 24 minutes — or 60 where
/// the account's length rules are Mastodon's or Bluesky's.
public enum ConfigLoader {
    /// Where heraldd and herald look without `--config`.
    public static let defaultPath = "/etc/herald/herald.toml"

    /// Config files larger than this are refused before parsing.
    public static let maximumFileSize = 1 << 20

    /// Reads and validates the config file at `path`.
    public static func load(path: String) throws(ConfigError) -> HeraldConfiguration {
        try loadDocument(path: path).configuration
    }

    /// Validates config text; `path` is only used to name the file in errors.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> HeraldConfiguration {
        try parseDocument(text, path: path).configuration
    }

    /// Reads and validates the config file at `path`, keeping audiences, sessions, policy and credentials too.
    public static func loadDocument(path: String) throws(ConfigError) -> ConfigDocument {
        let bytes = try readFile(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let position = firstInvalidUTF8(in: bytes)
            throw .syntax(file: path, line: position.line, column: position.column, message: "invalid UTF-8")
        }
        return try parseDocument(text, path: path)
    }

    /// Validates config text, keeping audiences, sessions, policy and credentials too. `path` names the file in
    /// errors.
    public static func parseDocument(_ text: String, path: String) throws(ConfigError) -> ConfigDocument {
        var tomlText = text
        if tomlText.unicodeScalars.first == "\u{FEFF}" { tomlText.unicodeScalars.removeFirst() }
        // TOMLKit hands toml++ a C string: a NUL would silently end the document there.
        if let position = firstNUL(in: text) {
            throw .syntax(file: path, line: position.line, column: position.column, message: "NUL character")
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: tomlText)
        } catch let error as TOMLParseError {
            throw .syntax(file: path, line: max(1, error.source.begin.line), column: max(1, error.source.begin.column),
                          message: error.description)
        } catch {
            throw .syntax(file: path, line: 1, column: 1, message: "\(error)")
        }
        let builder = ConfigBuilder(file: path, locator: TOMLSourceLocator(text: text))
        return try builder.build(root: ConfigValue.fields(of: root))
    }

    // MARK: Reading

    /// The file's bytes: a regular file (links followed: the config is the administrator's), at most
    /// `maximumFileSize`.
    static func readFile(_ path: String) throws(ConfigError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            let kind = status.st_mode & S_IFMT == S_IFDIR ? "a directory" : "a special file"
            throw .unreadable(file: path, reason: "it is \(kind), not a regular file")
        }
        switch DescriptorReader.readAll(descriptor, limit: maximumFileSize) {
        case let .success(bytes): return bytes
        case .failure(.tooLarge): throw .unreadable(file: path, reason: "larger than \(maximumFileSize / 1024) KiB")
        case let .failure(.failed(code)): throw .unreadable(file: path, reason: String(cString: strerror(code)))
        }
    }

    /// The line and column (in scalars) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> SourcePosition {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var position = SourcePosition(line: 1, column: 1)
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if Unicode.UTF8.decode(encoded) == "\n" {
                    position.line += 1
                    position.column = 1
                } else {
                    position.column += 1
                }
            case .error, .emptyInput:
                return position
            }
        }
    }

    /// The line and column of the first NUL character, if any.
    static func firstNUL(in text: String) -> SourcePosition? {
        guard text.utf8.contains(0) else { return nil }
        var position = SourcePosition(line: 1, column: 1)
        for scalar in text.unicodeScalars {
            if scalar == "\0" { return position }
            if scalar == "\n" {
                position.line += 1
                position.column = 1
            } else {
                position.column += 1
            }
        }
        return nil
    }
}
