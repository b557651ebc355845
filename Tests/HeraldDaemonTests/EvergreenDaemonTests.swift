import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Evergreen folders end to end (issue 14): the real loop in-process with an injected clock fills an account's
/// empty 09:00 slot from its folder, through the spool, and publishes it to the outbox. One daemon at a time, as
/// in `RepeatDaemonTests`.
@Suite("Evergreen folders in the daemon", .serialized)
struct EvergreenDaemonTests {
    static let t0 = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z
    static let day: TimeInterval = 86_400
    /// 09:00 UTC on day `n` (0 = 1 January 2030).
    static func nine(_ n: Int) -> Date { t0.addingTimeInterval(Double(n) * day + 9 * 3600) }

    /// A daemon with a UTC outbox account whose only slot is 09:00 and whose folder is `ROOT/evergreen` (or
    /// `folder`), holding `files`; its clock is at `now`.
    static func daemon(
        files: [String: String], minInterval: String = "1d", folder: String? = nil, now: Date
    ) throws -> InProcessDaemon {
        let daemon = try InProcessDaemon(config: "", now: now)
        let directory = folder ?? daemon.root + "/evergreen"
        if folder == nil {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        let config = """
            [daemon]
            max_lateness = "15m"

            [[accounts]]
            name = "brand"
            network = "outbox"
            time_zone = "UTC"
            slots = ["09:00"]
            evergreen = "\(directory)"
            evergreen_min_interval = "\(minInterval)"
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: daemon.configPath))
        return daemon
    }

    static let two = ["a.post": "Author: team\n\nEvergreen A\n", "b.post": "\nEvergreen B\n"]

    /// Moves the injected clock and wakes the loop (the timer is armed on the real clock, years earlier).
    static func advance(_ daemon: InProcessDaemon, to date: Date) {
        daemon.clock.withLock { $0 = date }
        daemon.reload()
    }

    static func outboxTexts(_ daemon: InProcessDaemon) throws -> [String] {
        let directory = daemon.state + "/outbox/brand"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted().compactMap {
            try JSON.parse(try String(contentsOfFile: directory + "/" + $0, encoding: .utf8))["text"]?.string
        }
    }

    static func submitted(_ daemon: InProcessDaemon) -> Int {
        daemon.log.entries.filter { $0.message == "evergreen post submitted" }.count
    }

    /// Stops the daemon and starts it again at `date`: the loop's first step (before `herald ready`) looks at the
    /// folder at exactly that instant, which a reload racing the next clock move could not promise.
    static func restart(_ daemon: InProcessDaemon, at date: Date) async throws {
        try await daemon.stop()
        daemon.clock.withLock { $0 = date }
        try await daemon.start()
    }

    /// Ten minutes before day `n`'s slot: the evergreen post is submitted and accepted; then the slot comes and it
    /// is published. Returns the texts published so far.
    @discardableResult
    static func fillAndPublish(_ daemon: InProcessDaemon, day n: Int) async throws -> [String] {
        let before = try outboxTexts(daemon).count
        let accepted = daemon.events("accepted").count
        advance(daemon, to: nine(n).addingTimeInterval(-600))
        try await daemon.eventually("day \(n)'s evergreen post accepted") {
            daemon.events("accepted").count == accepted + 1
        }
        let queued = try daemon.database().queue()
        #expect(queued.count == 1 && queued.first?.scheduledAt == nine(n), "\(queued)")
        advance(daemon, to: nine(n).addingTimeInterval(1))
        try await daemon.eventually("day \(n)'s evergreen post published") {
            try outboxTexts(daemon).count == before + 1
        }
        return try outboxTexts(daemon)
    }

    @Test("an empty slot is filled, least recently used first, never used files by name")
    func fillsEmptySlots() async throws {
        let daemon = try Self.daemon(files: Self.two, now: Self.nine(0).addingTimeInterval(-7200))
        try await daemon.start()
        #expect(try await Self.fillAndPublish(daemon, day: 0) == ["Evergreen A"])
        #expect(try await Self.fillAndPublish(daemon, day: 1) == ["Evergreen A", "Evergreen B"])
        #expect(try await Self.fillAndPublish(daemon, day: 2) == ["Evergreen A", "Evergreen B", "Evergreen A"])
        // Each went in with the Id fixed by its content and its slot.
        let hashA = EvergreenPicker.contentHash(Array(Self.two["a.post"]!.utf8))
        let hashB = EvergreenPicker.contentHash(Array(Self.two["b.post"]!.utf8))
        for (hash, day) in [(hashA, 0), (hashB, 1), (hashA, 2)] {
            let id = EvergreenPicker.submitterID(contentHash: hash, slot: Self.nine(day))
            #expect(try daemon.database().isSubmitterIDTaken(id, account: "brand"), "\(id)")
        }
        try await daemon.stop()
    }

    @Test("a file rests for evergreen_min_interval: with one file and 2 days, every other slot stays empty")
    func minimumInterval() async throws {
        let daemon = try Self.daemon(files: ["a.post": "\nOnly one\n"], minInterval: "2d",
                                     now: Self.nine(0).addingTimeInterval(-7200))
        try await daemon.start()
        try await Self.fillAndPublish(daemon, day: 0)
        // Day 1, ten minutes before the slot: the only file went out a day ago, so the slot stays empty.
        try await Self.restart(daemon, at: Self.nine(1).addingTimeInterval(-600))
        let noted = daemon.log.entries.filter { $0.message == "no evergreen post may fill the slot" }
        #expect(noted.count == 1 && noted.first?.metadata["HERALD_SCHEDULED_AT"] == "2030-01-02T09:00:00Z")
        #expect(Self.submitted(daemon) == 1)
        #expect(try daemon.database().queue().isEmpty)
        #expect(try await Self.fillAndPublish(daemon, day: 2) == ["Only one", "Only one"])
        let uses = try daemon.database().evergreenUses(account: "brand")
        #expect(uses.map(\.slot) == [Self.nine(0), Self.nine(2)])
        try await daemon.stop()
    }

    @Test("a slot a post already takes is not filled")
    func notWhenAPostFillsTheSlot() async throws {
        let daemon = try Self.daemon(files: Self.two, now: Self.nine(0).addingTimeInterval(-7200))
        try await daemon.start()
        try daemon.drop("mine.post", "Account: brand\n\nOur own post\n")  // the next free slot: 09:00
        try await daemon.eventually("the post accepted") { daemon.events("accepted").count == 1 }
        #expect(try daemon.database().queue().first?.scheduledAt == Self.nine(0))
        try await Self.restart(daemon, at: Self.nine(0).addingTimeInterval(-300))  // looks at 08:55
        #expect(try daemon.database().queue().count == 1)
        Self.advance(daemon, to: Self.nine(0).addingTimeInterval(1))
        try await daemon.eventually("the post published") { try Self.outboxTexts(daemon).count == 1 }
        try await daemon.stop()
        #expect(try Self.outboxTexts(daemon) == ["Our own post"])
        #expect(Self.submitted(daemon) == 0)
        #expect(try daemon.database().evergreenUses(account: "brand").isEmpty)
    }

    @Test("a missing folder is a warning and a degraded state, until it appears")
    func missingFolder() async throws {
        let scratch = try TemporaryDirectory("herald-evergreen")
        let folder = scratch.path + "/later"
        let daemon = try Self.daemon(files: [:], folder: folder, now: Self.nine(0).addingTimeInterval(-7200))
        try await daemon.start()
        let warning = try #require(daemon.log.entries.first { $0.message == "evergreen folder unreadable" })
        #expect(warning.level == .warning && warning.metadata["HERALD_ACCOUNT"] == "brand")
        #expect(warning.metadata["HERALD_DIRECTORY"] == folder)
        #expect(daemon.log.entries.contains {
            $0.message == "degraded" && $0.metadata["HERALD_ERROR"]?.contains("evergreen folder \(folder)") == true
        })
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("\nBack\n".utf8).write(to: URL(fileURLWithPath: folder + "/back.post"))
        #expect(try await Self.fillAndPublish(daemon, day: 0) == ["Back"])
        #expect(daemon.log.entries.contains { $0.message == "evergreen folder readable again" })
        try await daemon.stop()
    }

    @Test("an invalid file is skipped with one warning naming it and its line")
    func invalidFileSkipped() async throws {
        let files = ["a-bad.post": "Author: team\nAt: now\n\nBad\n", "b-good.post": "\nGood\n"]
        let daemon = try Self.daemon(files: files, minInterval: "0", now: Self.nine(0).addingTimeInterval(-7200))
        try await daemon.start()
        try await Self.fillAndPublish(daemon, day: 0)
        #expect(try await Self.fillAndPublish(daemon, day: 1) == ["Good", "Good"])
        let warnings = daemon.log.entries.filter { $0.message == "evergreen file skipped" }
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.metadata["HERALD_FILE"]?.hasSuffix("/a-bad.post") == true)
        #expect(warnings.first?.metadata["HERALD_LINE"] == "2")
        try await daemon.stop()
    }

    @Test("an evergreen post the intake rejects is not written again for its slot")
    func rejectedOnce() async throws {
        let long = String(repeating: "Too long for X. ", count: 20)  // 320 characters
        let daemon = try Self.daemon(files: ["long.post": "\n\(long)\n"], now: Self.nine(0).addingTimeInterval(-600))
        try await daemon.start()
        try await daemon.eventually("the evergreen post rejected") { daemon.events("rejected").count == 1 }
        let name = EvergreenPicker.spoolName(account: "brand", slot: Self.nine(0))
        #expect(FileManager.default.fileExists(atPath: daemon.spool + "/rejected/" + name + ".error"))
        // The next look at the same slot (a restart) finds the rejection and leaves the slot empty.
        try await Self.restart(daemon, at: Self.nine(0).addingTimeInterval(-300))
        try await daemon.stop()
        #expect(Self.submitted(daemon) == 1)
        #expect(daemon.events("rejected").count == 1)
        #expect(try daemon.database().queue().isEmpty)
    }

    @Test("a choice recorded before a crash is written as recorded, once")
    func crashBetweenRecordAndWrite() async throws {
        let daemon = try Self.daemon(files: Self.two, now: Self.nine(0).addingTimeInterval(-600))
        // The previous process chose b.post for 09:00 and died before writing its post file.
        try FileManager.default.createDirectory(atPath: daemon.state, withIntermediateDirectories: true)
        let hash = EvergreenPicker.contentHash(Array("\nEvergreen B\n".utf8))
        let recorded = EvergreenSubmission(
            account: "brand", use: EvergreenUse(fileName: "b.post", contentHash: hash, slot: Self.nine(0)),
            submitterID: EvergreenPicker.submitterID(contentHash: hash, slot: Self.nine(0)))
        _ = try daemon.database().recordEvergreen(recorded, now: Self.nine(0).addingTimeInterval(-900))
        try await daemon.start()
        try await daemon.eventually("the recorded post accepted") { daemon.events("accepted").count == 1 }
        // A restart after the intake neither writes nor records it again.
        try await daemon.stop()
        try await daemon.start()
        Self.advance(daemon, to: Self.nine(0).addingTimeInterval(1))
        try await daemon.eventually("the post published") { try Self.outboxTexts(daemon).count == 1 }
        try await daemon.stop()
        #expect(try Self.outboxTexts(daemon) == ["Evergreen B"])
        #expect(Self.submitted(daemon) == 1)
        #expect(try daemon.database().evergreenUses(account: "brand").count == 1)
        #expect(try daemon.database().queue().isEmpty)
    }
}
