import Foundation
import HeraldTestSupport
import Testing

/// Several real heraldd nodes on one PostgreSQL database (issue 17), each with its own spool and config file.
/// They share one state directory, so their outboxes are one: the outbox stands for the network every node
/// publishes to, and "exactly once" is counted there.
final class ClusterHarness {
    let database: TestPostgresDatabase
    let nodes: [DaemonHarness]
    /// The state (and outbox) every node runs with: the first node's.
    var state: String { nodes[0].state }

    init(
        nodes count: Int, accounts: [String], lease: String = "3s", daemon: [String] = [], extra: String = "",
        label: String = #function
    ) throws {
        database = try TestPostgresDatabase()
        var nodes: [DaemonHarness] = []
        for index in 1...count {
            var config = TestConfig()
            config.defaultAccount = nil
            config.accounts = accounts.map { TestConfig.outbox($0) }
            if daemon.contains(where: { $0.hasPrefix("max_lateness") }) {
                config.daemon.removeAll { $0.hasPrefix("max_lateness") }
            }
            config.daemon += [
                "database = \"\(database.url)\"", "database_password = \"\(database.passwordFile)\"",
                "node = \"n\(index)\"", "lease = \"\(lease)\"", "rescan_interval = \"2s\"",
            ] + daemon
            // Post texts are numbered, and the built-in profanity list reads numbers as leetspeak ("455").
            config.extra = "[policy]\nprofanity = \"off\"\n\n" + extra
            nodes.append(try DaemonHarness(config, label: "\(label)-n\(index)"))
        }
        self.nodes = nodes
    }

    /// Starts node `index` (0-based) on the shared state.
    @discardableResult
    func start(_ index: Int, waitReady: Bool = true) async throws -> DaemonRun {
        let node = nodes[index]
        return try await node.start(
            waitReady: waitReady, arguments: ["--config", node.configPath, "--spool", node.spool, "--state", state])
    }

    func startAll() async throws {
        for index in nodes.indices { try await start(index) }
    }

    /// Every outbox file of `accounts`, by account.
    func outbox(_ accounts: [String]) throws -> [String: [OutboxFile]] {
        var files: [String: [OutboxFile]] = [:]
        for account in accounts { files[account] = try nodes[0].outbox(account) }
        return files
    }

    /// Waits until every account's outbox holds `count` files in all.
    func waitForOutbox(_ accounts: [String], count: Int, timeout: Duration) async throws {
        _ = try await nodes[0].eventually("\(count) outbox files across the nodes", timeout: timeout) { () -> Bool? in
            try outbox(accounts).values.map(\.count).reduce(0, +) >= count ? true : nil
        }
    }

    /// Waits until every live node holds exactly one account (two nodes, two accounts) and returns `node`'s.
    func accountHeld(by node: String) async throws -> String {
        let holders = try await nodes[0].eventually("the nodes to hold one account each") {
            () async throws -> [String: String]? in
            var holders: [String: String] = [:]
            for entry in try await nodesJSON().array ?? [] {
                for claim in entry["claims"]?.array ?? [] {
                    holders[claim["account"]?.string ?? "?"] = entry["name"]?.string
                }
            }
            let names = Set(holders.values)
            return names.count == nodes.count && holders.count == nodes.count ? holders : nil
        }
        guard let account = holders.first(where: { $0.value == node })?.key else {
            throw HarnessError("\(node) holds no account: \(holders)")
        }
        return account
    }

    /// `herald nodes --json` through node `index`'s configuration.
    func nodesJSON(_ index: Int = 0) async throws -> JSON {
        let result = try await nodes[index].cli(["nodes", "--json"])
        guard result.status == .exited(0) else { throw HarnessError("herald nodes: \(result)") }
        return try result.json
    }
}
