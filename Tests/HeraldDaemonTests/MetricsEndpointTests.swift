import Foundation
import HeraldPublishers
import HeraldTestSupport
import Testing

/// Issue 15: the Prometheus endpoint. heraldd with `[daemon] metrics` on a loopback port (0: the kernel picks,
/// the journal says which) or a unix socket, scraped over real HTTP and its exposition text parsed.
@Suite("Prometheus endpoint")
struct MetricsEndpointTests {
    /// The samples of an exposition text: `name{label="value",…}` → value (comments and blank lines skipped).
    static func samples(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw HarnessError("not a sample line: \(line)")
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    /// Waits for a line whose message is `message`.
    static func message(_ message: String, _ h: DaemonHarness) async throws -> LogLine {
        try await h.eventually("`\(message)`") { h.lines.first { $0.message == message } }
    }

    static func get(_ url: String) async throws -> HTTPResponse {
        switch await AsyncHTTPTransport.shared.send(HTTPRequest(method: "GET", url: url, timeout: 10)) {
        case let .success(response): return response
        case let .failure(failure): throw HarnessError("GET \(url): \(failure)")
        }
    }

    @Test("queue depths, publishes, attempts and intake results, scraped over loopback TCP")
    func loopback() async throws {
        var config = TestConfig()
        config.daemon.append(#"metrics = "127.0.0.1:0""#)
        config.accounts = [TestConfig.outbox("brand", #"voice = "brand""#, #"approvers = ["nobody"]"#)]
        let h = try DaemonHarness(config, label: #function)
        try await h.start()
        let listening = try await Self.message("metrics endpoint listening", h)
        let address = try #require(listening["HERALD_METRICS"])
        try h.drop("now.post", postText(["At: now"], "We are live."))
        try h.drop("later.post", postText(["At: \(rfc3339(Date().addingTimeInterval(3_600)))", "Hold: yes"],
                                          "We will be live."))
        try h.drop("bad.post", postText(["At: now"], "nobody here knows how to f**king drive"))
        _ = try await h.waitForOutbox(count: 1)
        _ = try await h.waitForRejection("bad.post")
        let held = try await h.waitForAccepted("later.post")

        let response = try await Self.get("http://\(address)/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let samples = try Self.samples(response.text)
        #expect(samples[#"herald_statuses_published_total{account="brand",network="outbox"}"#] == 1)
        #expect(samples[#"herald_publish_attempt_seconds_count{network="outbox"}"#] == 1)
        #expect(samples[#"herald_intake_files_total{result="accepted"}"#] == 2)
        #expect(samples[#"herald_intake_files_total{result="rejected"}"#] == 1)
        #expect(samples[#"herald_queue_posts{account="brand",state="held"}"#] == 1)
        #expect(response.text.contains("# HELP herald_queue_posts Posts waiting, by account and state."))

        // Cancelled: the held gauge reads 0 at the next scrape, not its last value.
        let cancel = try await h.cli(["cancel", held])
        #expect(cancel.status == .exited(0), "\(cancel)")
        let after = try Self.samples(try await Self.get("http://\(address)/metrics").text)
        #expect(after[#"herald_queue_posts{account="brand",state="held"}"#] == 0)

        #expect(try await Self.get("http://\(address)/other").status == 404)
        try await h.stop()
    }

    @Test("a unix socket, moved by a reload; a port already taken is STATUS= degraded, not a failed start")
    func unixSocketAndReload() async throws {
        var config = TestConfig()
        let h0 = try DaemonHarness(config, label: #function)
        let socket = h0.path("metrics.sock")
        config.daemon.append("metrics = \"unix:\(socket)\"")
        try h0.writeConfig(config)
        let h = h0
        try await h.start()
        _ = try await Self.message("metrics endpoint listening", h)
        var info = stat()
        #expect(stat(socket, &info) == 0 && info.st_mode & 0o777 == 0o660)
        let encoded = socket.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socket
        let scraped = try await Self.get("http+unix://\(encoded)/metrics")
        #expect(scraped.status == 200)
        // Before anything happened, every account and state is there, at zero.
        let samples = try Self.samples(scraped.text)
        #expect(samples[#"herald_queue_posts{account="brand",state="scheduled"}"#] == 0, "\(scraped.text)")
        #expect(samples[#"herald_statuses_published_total{account="brand",network="outbox"}"#] == 0)
        #expect(samples[#"herald_intake_files_total{result="rejected"}"#] == 0)

        // Reloaded onto a TCP port someone else holds: heraldd keeps running, degraded, and says why.
        let holder = try await FakeServer.start("fake_feed.py")
        config.daemon.removeLast()
        config.daemon.append("metrics = \"127.0.0.1:\(holder.port)\"")
        try h.writeConfig(config)
        kill(try #require(h.daemon).pid, SIGHUP)
        _ = try await h.eventually("the old socket to close") { () async -> Bool? in
            if access(socket, F_OK) != 0 { return true }
            let answer = try? await Self.get("http+unix://\(encoded)/metrics")
            return answer == nil ? true : nil
        }
        let degraded = try await Self.message("degraded", h)
        #expect(degraded["HERALD_ERROR"]?.contains("metrics endpoint 127.0.0.1:\(holder.port) not served") == true)
        try h.requireRunning()
        try await h.stop()
    }
}
