import Foundation
import HeraldTestSupport
import Glibc
import Logging
import Testing

@testable import HeraldSystemd

/// Tests that change the process environment (`NOTIFY_SOCKET`, `WATCHDOG_*`, `JOURNAL_STREAM`,
/// `HERALD_LOG_LEVEL`): serialized, and each restores what it changed.
@Suite(.serialized) struct EnvironmentTests {
    @Test func notifierSendsEachMessageOverTheSocket() throws {
        let directory = try TemporaryDirectory()
        let receiver = try DatagramReceiver(path: directory.file("notify"))
        try withEnvironment(["NOTIFY_SOCKET": receiver.path]) { () throws in
            let notifier = Notifier()
            #expect(try notifier.ready())
            #expect(try receiver.receive() == "READY=1")
            #expect(try notifier.status("3 queued;\nnext 14:00"))
            #expect(try receiver.receive() == "STATUS=3 queued; next 14:00")
            #expect(try notifier.watchdog())
            #expect(try receiver.receive() == "WATCHDOG=1")
            #expect(try notifier.stopping())
            #expect(try receiver.receive() == "STOPPING=1")
            #expect(try notifier.extendTimeout(.seconds(30)))
            #expect(try receiver.receive() == "EXTEND_TIMEOUT_USEC=30000000")
            #expect(try notifier.send("ERRNO=5\nBUSERROR=x"))
            #expect(try receiver.receive() == "ERRNO=5\nBUSERROR=x")

            let before = Notifier.monotonicMicroseconds()
            #expect(try notifier.reloading())
            let after = Notifier.monotonicMicroseconds()
            let reloading = try #require(try receiver.receive())
            let lines = reloading.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first == "RELOADING=1")
            let stamp = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
            #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
            #expect(before <= stamp && stamp <= after)
        }
    }

    @Test func notifierIsANoOpWithoutNotifySocket() throws {
        try withEnvironment(["NOTIFY_SOCKET": nil]) { () throws in
            let notifier = Notifier()
            #expect(try notifier.ready() == false)
            #expect(try notifier.status("x") == false)
            #expect(try notifier.reloading() == false)
        }
    }

    @Test func notifierReportsAMissingSocket() throws {
        try withEnvironment(["NOTIFY_SOCKET": "/nonexistent/herald/notify"]) { () throws in
            let error = #expect(throws: SystemdError.self) { try Notifier().ready() }
            #expect(error?.errno == ENOENT)
            #expect(error?.description.hasPrefix("sd_notify(READY=1): No such file or directory") == true)
        }
    }

    @Test func watchdogIntervalFollowsTheEnvironment() {
        let pid = String(getpid())
        withEnvironment(["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": pid]) {
            #expect(Notifier.watchdogInterval() == .seconds(4))
            #expect(Notifier.watchdogPingInterval() == .seconds(2))
        }
        withEnvironment(["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": String(getpid() + 1)]) {
            #expect(Notifier.watchdogInterval() == nil)
        }
        withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
            #expect(Notifier.watchdogInterval() == nil)
            #expect(Notifier.watchdogPingInterval() == nil)
        }
    }

    @Test func journalStreamMatchesOnlyTheRightDescriptor() throws {
        var stream: [Int32] = [0, 0]
        var other: [Int32] = [0, 0]
        #expect(pipe(&stream) == 0 && pipe(&other) == 0)
        defer {
            for fd in stream + other {
                close(fd)
            }
        }
        let probe = dup(stream[1])  // stands in for stderr, without touching the real fd 2
        defer { close(probe) }
        var status = stat()
        #expect(fstat(probe, &status) == 0)
        withEnvironment(["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"]) {
            #expect(JournalStream.isJournal(fd: probe))
            #expect(JournalStream.isJournal(fd: other[1]) == false)
            #expect(JournalStream.isJournal(fd: -1) == false)
        }
        withEnvironment(["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino + 1)"]) {
            #expect(JournalStream.isJournal(fd: probe) == false)
        }
        withEnvironment(["JOURNAL_STREAM": nil]) {
            #expect(JournalStream.isJournal(fd: probe) == false)
            #expect(JournalLogHandler.Output.detect().isJournal == false)
        }
    }

    @Test func logLevelComesFromTheEnvironment() {
        withEnvironment(["HERALD_LOG_LEVEL": "debug"]) {
            #expect(JournalLogHandler.minimumLevel() == .debug)
            #expect(JournalLogHandler(label: "x", output: .lines { _ in }).logLevel == .debug)
        }
        withEnvironment(["HERALD_LOG_LEVEL": "nonsense"]) {
            #expect(JournalLogHandler.minimumLevel(fallback: .warning) == .warning)
        }
        withEnvironment(["HERALD_LOG_LEVEL": nil]) {
            #expect(JournalLogHandler.minimumLevel() == .info)
        }
    }
}

@Suite struct JournalStreamParsingTests {
    @Test func parsesDeviceAndInode() {
        #expect(JournalStream.parse("9:31665").map { [$0.device, $0.inode] } == [9, 31665])
        for bad in ["", ":", "9:", ":1", "9:1:2", "a:1", "9 :1", "-1:2", "+1:2", "99999999999999999999:1"] {
            #expect(JournalStream.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func matchesExactly() {
        #expect(JournalStream.matches("9:31665", device: 9, inode: 31665))
        #expect(!JournalStream.matches("9:31665", device: 9, inode: 31666))
        #expect(!JournalStream.matches("8:31665", device: 9, inode: 31665))
        #expect(!JournalStream.matches(nil, device: 9, inode: 31665))
        #expect(!JournalStream.matches("garbage", device: 9, inode: 31665))
    }
}

extension JournalLogHandler.Output {
    var isJournal: Bool {
        if case .journal = self { true } else { false }
    }
}
