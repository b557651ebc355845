import Foundation
import HeraldCore
import HeraldEvents

/// The Prometheus endpoint's life: started before `READY=1` when `[daemon] metrics` asks for it, moved by a reload
/// that changes the address, closed at stop. A failure to listen (the port taken, the socket's directory missing)
/// is an error entry and `STATUS=` degraded, never a refusal to publish.
extension DaemonLoop {
    func startMetricsServer() async {
        metrics.configure(accounts: config.accounts)
        guard let listen = config.daemon.metrics else {
            problems["metrics"] = nil
            return
        }
        let database = database
        let metrics = metrics
        do {
            let server = try await MetricsServer.start(listen) { metrics.exposition(database: database) }
            metricsServer = server
            metricsListen = listen
            problems["metrics"] = nil
            events.logger.notice("metrics endpoint listening", metadata: ["HERALD_METRICS": "\(server.address)"])
        } catch {
            metricsListen = listen
            degraded("metrics", "metrics endpoint \(listen) not served: \(error)")
        }
    }

    /// After a reload: a new (or no) `metrics` address closes the old endpoint and opens the new one.
    func restartMetricsServerIfMoved() async {
        metrics.configure(accounts: config.accounts)
        guard config.daemon.metrics != metricsListen else { return }
        await metricsServer?.stop()
        metricsServer = nil
        metricsListen = nil
        await startMetricsServer()
    }
}

extension DaemonMetrics {
    /// Counts an intake batch's files by result.
    func count(_ results: [SpoolIntake.Result]) {
        var accepted = 0, rejected = 0, deferred = 0
        for result in results {
            switch result {
            case .accepted: accepted += 1
            case .rejected: rejected += 1
            case .deferred: deferred += 1
            case .alreadyAccepted, .skipped: break
            }
        }
        intake("accepted", count: accepted)
        intake("rejected", count: rejected)
        intake("deferred", count: deferred)
    }
}
