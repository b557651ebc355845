import CSystemd
import Glibc
import Logging

/// A swift-log handler for a systemd service: structured journal entries when stderr is the journal, `<N>`-prefixed
/// lines on stderr otherwise.
///
/// - **Journal** (``Output-swift.enum/journal``, chosen by ``Output-swift.enum/detect(forceStderr:)`` when
///   ``JournalStream/isJournal(fd:)``): each log call is one `sd_journal_sendv(3)` entry with `MESSAGE`,
///   `PRIORITY`, `SYSLOG_IDENTIFIER` (the logger's label), `CODE_FILE`, `CODE_LINE`, `CODE_FUNC` and every metadata
///   key as its own field (see ``JournalEntry``), so `journalctl HERALD_EVENT=rejected` finds events. A multi-line
///   message stays one entry. If the journal refuses the entry, the line goes to stderr instead.
/// - **stderr** (``Output-swift.enum/fileDescriptor(_:)``): one line per entry, ``JournalEntry/stderrLine``, written
///   with a single `write(2)` so concurrent loggers do not interleave within a line.
/// - **Tests**: ``Output-swift.enum/lines(_:)`` receives the stderr lines, ``Output-swift.enum/entries(_:)`` the
///   structured entries.
///
/// Metadata: the handler's own, then the metadata provider's, then the log call's, later ones winning per key.
///
/// ```swift
/// JournalLogHandler.bootstrap()                 // at start, once
/// let logger = Logger(label: "heraldd")
/// logger.info("accepted", metadata: ["herald_event": "accepted", "herald_post_id": "42"])
/// ```
public struct JournalLogHandler: LogHandler {
    /// Where entries go.
    public enum Output: Sendable {
        /// `sd_journal_sendv` to the local journal.
        case journal
        /// Lines to a file descriptor (standard error: ``standardError``). The descriptor is not owned.
        case fileDescriptor(Int32)
        /// Each line (no trailing newline) to a closure, as it would be written to stderr.
        case lines(@Sendable (String) -> Void)
        /// Each structured entry to a closure, as it would be sent to the journal.
        case entries(@Sendable (JournalEntry) -> Void)

        /// Lines to standard error.
        public static var standardError: Output { .fileDescriptor(STDERR_FILENO) }

        /// ``journal`` when standard error is the journal stream named by `$JOURNAL_STREAM` and `forceStderr` is
        /// false; ``standardError`` otherwise.
        public static func detect(forceStderr: Bool = false) -> Output {
            !forceStderr && JournalStream.isJournal() ? .journal : .standardError
        }
    }

    /// The environment variable that sets the minimum level: a swift-log level name (`trace`, `debug`, `info`,
    /// `notice`, `warning`, `error`, `critical`), case-insensitive.
    public static let levelVariable = "HERALD_LOG_LEVEL"

    /// The logger's label; sent as `SYSLOG_IDENTIFIER`.
    public let label: String
    /// Where entries go.
    public let output: Output
    /// The minimum level this handler emits (`Logger` filters before calling ``log(event:)``).
    public var logLevel: Logger.Level
    /// Metadata added to every entry of this handler (a value: copies of the logger do not share changes).
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata (task-local values, for instance) added to every entry.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler.
    ///
    /// - Parameters:
    ///   - label: the logger's label (`SYSLOG_IDENTIFIER`).
    ///   - output: where entries go; by default detected from `$JOURNAL_STREAM`.
    ///   - logLevel: the minimum level; by default `$HERALD_LOG_LEVEL`, or `info`.
    ///   - metadataProvider: contextual metadata added to every entry.
    public init(
        label: String,
        output: Output = .detect(),
        logLevel: Logger.Level = JournalLogHandler.minimumLevel(),
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.output = output
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    /// One key of ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Builds the ``JournalEntry`` for `event` and sends it to ``output``.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let own = event.metadata, !own.isEmpty {
            merged.merge(own) { _, new in new }
        }
        let entry = JournalEntry(
            level: event.level,
            message: event.message.description,
            label: label,
            metadata: merged,
            error: event.error,
            file: event.file,
            function: event.function,
            line: event.line
        )
        switch output {
        case .journal:
            if Self.sendToJournal(entry.journalFields) < 0 {
                Self.write(entry.stderrLine, to: STDERR_FILENO)
            }
        case .fileDescriptor(let fd):
            Self.write(entry.stderrLine, to: fd)
        case .lines(let sink):
            sink(entry.stderrLine)
        case .entries(let sink):
            sink(entry)
        }
    }

    /// The minimum level: `value` when it names a swift-log level (case-insensitive, spaces ignored),
    /// `fallback` otherwise.
    public static func minimumLevel(_ value: String?, fallback: Logger.Level = .info) -> Logger.Level {
        guard let value else {
            return fallback
        }
        let name = value.lowercased().filter { !$0.isWhitespace }
        return Logger.Level(rawValue: name) ?? fallback
    }

    /// The minimum level from `$HERALD_LOG_LEVEL`, or `fallback` when it is unset or not a level name.
    public static func minimumLevel(fallback: Logger.Level = .info) -> Logger.Level {
        minimumLevel(getenv(levelVariable).map { String(cString: $0) }, fallback: fallback)
    }

    /// A factory for `LoggingSystem.bootstrap(_:metadataProvider:)` that makes handlers with this output and level.
    public static func factory(
        output: Output = .detect(),
        logLevel: Logger.Level = minimumLevel()
    ) -> @Sendable (String, Logger.MetadataProvider?) -> any LogHandler {
        { label, provider in
            JournalLogHandler(label: label, output: output, logLevel: logLevel, metadataProvider: provider)
        }
    }

    /// Installs this handler for every logger in the process (`LoggingSystem.bootstrap`, which may be called only
    /// once). The output is detected once, now: the journal when stderr is the journal stream and `forceStderr` is
    /// false, stderr lines otherwise. The level is `$HERALD_LOG_LEVEL` if set to a level name, else `defaultLevel`.
    public static func bootstrap(
        forceStderr: Bool = false,
        defaultLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        LoggingSystem.bootstrap(
            factory(output: .detect(forceStderr: forceStderr), logLevel: minimumLevel(fallback: defaultLevel)),
            metadataProvider: metadataProvider
        )
    }

    /// Sends fields (`NAME=value` each) as one journal entry; returns `sd_journal_sendv`'s result (negative errno
    /// on failure).
    static func sendToJournal(_ fields: [String]) -> Int32 {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count })
        var spans: [(start: Int, count: Int)] = []
        spans.reserveCapacity(fields.count)
        for field in fields {
            spans.append((buffer.count, field.utf8.count))
            buffer.append(contentsOf: field.utf8)
        }
        return buffer.withUnsafeMutableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress else {
                return -EINVAL
            }
            var vectors = spans.map { iovec(iov_base: base + $0.start, iov_len: $0.count) }
            return sd_journal_sendv(&vectors, Int32(vectors.count))
        }
    }

    /// Writes `line` and a newline to `fd` in one `write(2)` (retrying interrupted and partial writes). Errors
    /// are dropped: there is nowhere left to report them.
    static func write(_ line: String, to fd: Int32) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if count > 0 {
                    offset += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
