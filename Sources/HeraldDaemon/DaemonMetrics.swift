import Foundation
import HeraldCore
import HeraldStore
import Prometheus
import Synchronization

/// heraldd's numbers for operators (issue 15), in Prometheus' text format: counters and histograms kept as things
/// happen, queue depths read from the database at each scrape (so a `herald cancel` or an approval shows at once).
/// Collected whether or not `[daemon] metrics` serves them: each is an atomic add, cheaper than asking.
///
/// | metric | type | labels |
/// |---|---|---|
/// | `herald_queue_posts` | gauge | `account`, `state` (`scheduled`, `publishing`, `held`) |
/// | `herald_statuses_published_total` | counter | `account`, `network` |
/// | `herald_publish_failures_total` | counter | `account`, `network`, `kind` (`retrying`, `failed`, `unauthorized`) |
/// | `herald_publish_attempt_seconds` | histogram | `network` |
/// | `herald_planner_settle_seconds` | histogram | |
/// | `herald_intake_files_total` | counter | `result` (`accepted`, `rejected`, `deferred`) |
/// | `herald_feed_polls_total` | counter | `feed`, `result` (`document`, `not_modified`, `failed`) |
final class DaemonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let attemptBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
        .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]
    private let plannerBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]
    /// The (account, state) pairs given a queue gauge so far: gone ones are set to 0, not left at their last value.
    private let queueLabels = Mutex<Set<[String]>>([])
    /// The configured accounts: each appears in every family from the start, at zero, so that a dashboard sees
    /// "nothing yet" rather than "no such series".
    private let accounts = Mutex<[(name: String, network: Network)]>([])
    static let queueStates = ["scheduled", "publishing", "held"]

    /// Called at start and after each reload.
    func configure(accounts configured: [Account]) {
        accounts.withLock { $0 = configured.map { ($0.name, $0.network) } }
        for account in configured {
            _ = registry.makeCounter(descriptor: Metric.statusesPublished.descriptor,
                                     labels: [("account", account.name), ("network", account.network.rawValue)])
        }
        for result in ["accepted", "rejected", "deferred"] {
            _ = registry.makeCounter(descriptor: Metric.intakeFiles.descriptor, labels: [("result", result)])
        }
    }

    /// The metrics, named `herald_NAME_UNIT`.
    private enum Metric: String {
        case queue, statusesPublished, failures, attempts, settles, intakeFiles, feedPolls

        /// Made on each use: the descriptor type is not Sendable, so it cannot be a shared constant.
        var descriptor: MetricNameDescriptor {
            let (name, unit, help): (String, String, String) =
                switch self {
                case .queue: ("queue", "posts", "Posts waiting, by account and state.")
                case .statusesPublished: ("statuses_published", "total", "Statuses published.")
                case .failures: ("publish_failures", "total",
                                 "Failed publish attempts: retrying, failed for good, or refused credentials.")
                case .attempts: ("publish_attempt", "seconds", "How long one publish attempt took.")
                case .settles: ("planner_settle", "seconds", "How long the planner took to settle an account.")
                case .intakeFiles: ("intake_files", "total", "Spool files taken, by result.")
                case .feedPolls: ("feed_polls", "total", "Feed polls, by result.")
                }
            return MetricNameDescriptor(namespace: "herald", metricName: name, unitName: unit, helpText: help)
        }
    }

    func published(account: String, network: Network) {
        registry.makeCounter(descriptor: Metric.statusesPublished.descriptor,
                             labels: [("account", account), ("network", network.rawValue)]).increment()
    }

    func failed(account: String, network: Network, kind: String) {
        registry.makeCounter(descriptor: Metric.failures.descriptor,
                             labels: [("account", account), ("network", network.rawValue), ("kind", kind)])
            .increment()
    }

    func attempt(network: Network, took duration: Duration) {
        registry.makeDurationHistogram(descriptor: Metric.attempts.descriptor, labels: [("network", network.rawValue)],
                                       buckets: attemptBuckets).record(duration)
    }

    func settled(took duration: Duration) {
        registry.makeDurationHistogram(descriptor: Metric.settles.descriptor, buckets: plannerBuckets).record(duration)
    }

    func intake(_ result: String, count: Int = 1) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: Metric.intakeFiles.descriptor, labels: [("result", result)])
            .increment(by: Int64(count))
    }

    func feedPolled(_ feed: String, result: String) {
        registry.makeCounter(descriptor: Metric.feedPolls.descriptor, labels: [("feed", feed), ("result", result)])
            .increment()
    }

    /// The text a scrape returns: the queue read now, then everything else.
    func exposition(database: AppDatabase) -> [UInt8] {
        if let depths = try? database.queueDepths() {
            var current = Set<[String]>()
            for account in accounts.withLock({ $0 }) {
                for state in Self.queueStates { current.insert([account.name, state]) }
            }
            var counts: [[String]: Int] = [:]
            for depth in depths {
                current.insert([depth.account, depth.state])
                counts[[depth.account, depth.state]] = depth.count
            }
            for labels in current { gauge(labels[0], labels[1]).set(to: Double(counts[labels] ?? 0)) }
            let gone = queueLabels.withLock { known in
                defer { known = current }
                return known.subtracting(current)
            }
            for labels in gone { gauge(labels[0], labels[1]).set(to: 0) }
        }
        return registry.emitToBuffer()
    }

    private func gauge(_ account: String, _ state: String) -> Gauge {
        registry.makeGauge(descriptor: Metric.queue.descriptor, labels: [("account", account), ("state", state)])
    }
}
