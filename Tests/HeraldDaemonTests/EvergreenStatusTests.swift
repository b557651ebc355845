import Foundation
import HeraldTestSupport
import Testing

/// The evergreen folder's degraded state as systemd sees it, from a real `heraldd`.
@Suite("Evergreen folders and STATUS=")
struct EvergreenStatusTests {
    @Test("a missing evergreen folder shows in STATUS= as degraded")
    func missingFolderDegradesStatus() async throws {
        let h = try DaemonHarness()
        let folder = h.path("no-such-folder")
        try h.writeConfig(TestConfig(accounts: [
            TestConfig.outbox("brand", "slots = [\"09:00\"]", "evergreen = \"\(folder)\""),
        ]))
        let receiver = try DatagramReceiver(path: h.path("notify"))
        h.environment["NOTIFY_SOCKET"] = receiver.path
        try await h.start()
        var seen: [String] = []
        _ = try await h.eventually("STATUS= to name the evergreen folder") { () -> Bool? in
            seen += try PausedAccountTests.statuses(receiver)
            return seen.contains { $0.hasPrefix("degraded") && $0.contains("evergreen folder \(folder)") } ? true : nil
        }
        _ = try await h.stop()
    }
}
