import Foundation
import HeraldConfig
import HeraldCore
import HeraldPublishers
import HeraldStore
import HeraldSystemd
import Logging
import ServiceLifecycle

/// `heraldd`: recovers the spool and the state, then runs the scheduler loop until asked to stop.
///
/// One loop, one event at a time: spool events (inotify), the due-time timer (timerfd, re-armed on wall-clock
/// jumps), worker completions, reload and stop. Publishing runs in one worker per account. Decisions about what
/// to dispatch and when to wake come from `SchedulerCore`; this type only carries them out.
public final class Daemon: Service, Sendable {
    private let options: DaemonOptions
    private let logger: Logger
    private let notifier: Notifier
    private let now: @Sendable () -> Date
    private let stream: AsyncStream<DaemonEvent>
    private let continuation: AsyncStream<DaemonEvent>.Continuation

    public init(
        options: DaemonOptions, logger: Logger, notifier: Notifier = Notifier(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.options = options
        self.logger = logger
        self.notifier = notifier
        self.now = now
        (stream, continuation) = AsyncStream.makeStream(of: DaemonEvent.self, bufferingPolicy: .unbounded)
    }

    /// Asks the loop to reload its configuration (SIGHUP).
    public func reload() {
        continuation.yield(.reload)
    }

    /// Asks the loop to stop gracefully (what SIGTERM does through the service group).
    public func stop() {
        continuation.yield(.stop)
    }

    public func run() async throws {
        let config: HeraldConfiguration
        do {
            config = try options.loadConfiguration()
        } catch {
            throw DaemonError.config(error.description)
        }
        let loop = try DaemonLoop(
            config: config, options: options, logger: logger, notifier: notifier, now: now,
            continuation: continuation
        )
        try await withGracefulShutdownHandler {
            try await loop.run(events: stream)
        } onGracefulShutdown: { [continuation] in
            continuation.yield(.stop)
        }
    }
}
