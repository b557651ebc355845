import Foundation
import Testing
@testable import HeraldCore

/// The evergreen picker (issue 14): which empty slot, which file, and the post file written for it.
@Suite struct EvergreenPickerTests {
    static let t0 = Date(timeIntervalSince1970: 1_893_484_800)  // 2030-01-01T08:00:00Z
    static let day: TimeInterval = 86_400
    static let account: Account = {
        var account = Account(name: "brand", slots: [ClockTime(hour: 9, minute: 0), ClockTime(hour: 17, minute: 0)])
        account.evergreen = "/srv/evergreen"
        return account
    }()

    static func candidate(_ name: String) -> EvergreenCandidate {
        EvergreenCandidate(name: name, contentHash: "hash-\(name)")
    }

    static func use(_ name: String, daysAgo: Double, hash: String? = nil) -> EvergreenUse {
        EvergreenUse(fileName: name, contentHash: hash ?? "hash-\(name)", slot: t0.addingTimeInterval(-daysAgo * day))
    }

    // MARK: - The slot

    @Test func anEmptySlotWithinTheLeadIsFilled() {
        let nine = Self.t0.addingTimeInterval(3600)
        #expect(EvergreenPicker.slotToFill(account: Self.account, now: nine.addingTimeInterval(-600), occupied: [])
                == nine)
        #expect(EvergreenPicker.slotToFill(account: Self.account, now: nine.addingTimeInterval(-601), occupied: [])
                == nil)
    }

    @Test func aTakenSlotIsNotFilled() {
        let nine = Self.t0.addingTimeInterval(3600)
        #expect(EvergreenPicker.slotToFill(account: Self.account, now: nine.addingTimeInterval(-300),
                                           occupied: [nine]) == nil)
    }

    @Test func anAccountWithoutAFolderFillsNothing() {
        var account = Self.account
        account.evergreen = nil
        #expect(EvergreenPicker.slotToFill(account: account, now: Self.t0.addingTimeInterval(3300), occupied: [])
                == nil)
        #expect(EvergreenPicker.nextCheck(account: account, now: Self.t0, occupied: []) == nil)
    }

    @Test func theNextLookIsALeadBeforeTheNextFreeSlotAtTheLatest() {
        // Next free slot 09:00: look at 08:50, but never later than a lead from now.
        #expect(EvergreenPicker.nextCheck(account: Self.account, now: Self.t0.addingTimeInterval(2400), occupied: [])
                == Self.t0.addingTimeInterval(3000))
        #expect(EvergreenPicker.nextCheck(account: Self.account, now: Self.t0, occupied: [])
                == Self.t0.addingTimeInterval(600))
        // 09:00 taken: the next free one is 17:00, still looked at within a lead.
        #expect(EvergreenPicker.nextCheck(account: Self.account, now: Self.t0.addingTimeInterval(3300),
                                          occupied: [Self.t0.addingTimeInterval(3600)])
                == Self.t0.addingTimeInterval(3900))
    }

    // MARK: - The file

    @Test func neverUsedFilesComeFirstByName() {
        let candidates = ["b.post", "c.post", "a.post"].map(Self.candidate)
        let picked = EvergreenPicker.pick(candidates, uses: [Self.use("a.post", daysAgo: 90)], slot: Self.t0,
                                          minInterval: 0)
        #expect(picked?.name == "b.post")
    }

    @Test func thenTheOldestUseThenTheName() {
        let candidates = ["a.post", "b.post", "c.post"].map(Self.candidate)
        let uses = [Self.use("a.post", daysAgo: 40), Self.use("b.post", daysAgo: 60), Self.use("c.post", daysAgo: 60)]
        #expect(EvergreenPicker.pick(candidates, uses: uses, slot: Self.t0, minInterval: 0)?.name == "b.post")
        // A later use of a file is what counts.
        let again = uses + [Self.use("b.post", daysAgo: 1)]
        #expect(EvergreenPicker.pick(candidates, uses: again, slot: Self.t0, minInterval: 0)?.name == "c.post")
    }

    @Test func theMinimumIntervalIsRespected() {
        let candidates = ["a.post", "b.post"].map(Self.candidate)
        let uses = [Self.use("a.post", daysAgo: 29), Self.use("b.post", daysAgo: 10)]
        #expect(EvergreenPicker.pick(candidates, uses: uses, slot: Self.t0, minInterval: 30 * Self.day) == nil)
        let rested = [Self.use("a.post", daysAgo: 30), Self.use("b.post", daysAgo: 10)]
        #expect(EvergreenPicker.pick(candidates, uses: rested, slot: Self.t0, minInterval: 30 * Self.day)?.name
                == "a.post")
    }

    @Test func aRenamedOrCopiedTextRestsToo() {
        // `new.post` has the content `old.post` had when it went out yesterday.
        let renamed = EvergreenCandidate(name: "new.post", contentHash: "hash-old.post")
        #expect(EvergreenPicker.pick([renamed], uses: [Self.use("old.post", daysAgo: 1)], slot: Self.t0,
                                     minInterval: 30 * Self.day) == nil)
        #expect(EvergreenPicker.pick([], uses: [], slot: Self.t0, minInterval: 0) == nil)
    }

    // MARK: - The post file

    @Test func thePostFileCarriesTheSlotTheAccountAndAStableId() throws {
        let source = Array("\u{FEFF}Author: alice\n\nFive tips for a calmer inbox.\n".utf8)
        let slot = Self.t0.addingTimeInterval(3600)
        let bytes = try EvergreenPicker.post(from: source, name: "tips.post", account: "brand", slot: slot)
        let file = try PostFile.parse(bytes)
        #expect(file.accounts == ["brand"])
        #expect(file.at == .instant(slot))
        #expect(file.author == "alice")
        #expect(file.body == "Five tips for a calmer inbox.")
        #expect(file.extensionHeader(named: "X-Evergreen") == "tips.post")
        let id = EvergreenPicker.submitterID(contentHash: EvergreenPicker.contentHash(source), slot: slot)
        #expect(file.id == id && id == "evergreen-\(EvergreenPicker.contentHash(source))-1893488400")
        // Same bytes, same slot: the same file; another slot or an edit: another id.
        #expect(try EvergreenPicker.post(from: source, name: "tips.post", account: "brand", slot: slot) == bytes)
        #expect(EvergreenPicker.contentHash(source) != EvergreenPicker.contentHash(source + [0x0A]))
        #expect(EvergreenPicker.contentHash(source).count == 16)
    }

    @Test(arguments: [
        ("Account: brand\n\nx\n", PostHeader.account, 1), ("Author: a\nAt: now\n\nx\n", .at, 2),
        ("Id: mine\n\nx\n", .id, 1), ("Author: a\nNot-Before: 2030-01-01 09:00\n\nx\n", .notBefore, 2),
        ("Repeat: every 1d\n\nx\n", .repeatEvery, 1),
    ])
    func headersTheSlotDecidesAreRefusedWithTheirLine(_ text: String, _ header: PostHeader, _ line: Int) {
        #expect(throws: EvergreenFileError.headerNotAllowed(header: header, line: line)) {
            try EvergreenPicker.post(from: Array(text.utf8), name: "x.post", account: "brand", slot: Self.t0)
        }
    }

    @Test func anInvalidFileIsRefusedWithItsLine() {
        let error = #expect(throws: EvergreenFileError.self) {
            try EvergreenPicker.post(from: Array("Author: a\nColour: red\n\nx\n".utf8), name: "x.post",
                                     account: "brand", slot: Self.t0)
        }
        #expect(error?.line == 2)
    }
}
