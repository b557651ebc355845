import Foundation
import Glibc
import Testing

/// One kind of bad input: how to put it into `incoming/` and what its `.error` must say.
struct BadInput: Sendable, CustomTestStringConvertible {
    var label: String
    var name: String
    /// Words the `.error` file must contain (besides the file's name).
    var reasons: [String]
    /// Puts the file in place; returns its bytes when it is a regular file, so the rejected copy can be compared.
    var make: @Sendable (DaemonHarness) async throws -> [UInt8]?

    var testDescription: String { label }

    static func file(_ label: String, _ name: String, _ reasons: [String], _ bytes: [UInt8]) -> BadInput {
        BadInput(label: label, name: name, reasons: reasons) { h in
            try h.drop(name, bytes: bytes)
            return bytes
        }
    }

    static func file(_ label: String, _ name: String, _ reasons: [String], _ text: String) -> BadInput {
        file(label, name, reasons, Array(text.utf8))
    }

    static let good = Array(postText(["At: now"], "a perfectly good post").utf8)

    static let all: [BadInput] = [
        BadInput(label: "symlink to a readable file", name: "link.post", reasons: ["symbolic link"]) { h in
            try h.write(postText(["At: now"], "behind a link"), to: h.path("target.post"))
            try posix(symlink(h.path("target.post"), h.incoming + "/link.post"), "symlink")
            return nil
        },
        BadInput(label: "symlink to a missing file", name: "dangling.post", reasons: ["symbolic link"]) { h in
            try posix(symlink(h.path("nowhere.post"), h.incoming + "/dangling.post"), "symlink")
            return nil
        },
        BadInput(label: "FIFO", name: "fifo.post", reasons: ["FIFO"]) { h in
            try posix(mkfifo(h.incoming + "/fifo.post", 0o644), "mkfifo")
            return nil
        },
        BadInput(label: "directory named x.post", name: "x.post", reasons: ["directory"]) { h in
            // Filled elsewhere, then renamed in whole: made in place, the daemon may move it to rejected/ between
            // the mkdir and the write inside it.
            try posix(mkdir(h.path("x.post"), 0o755), "mkdir")
            try h.write(postText(["At: now"], "inside a directory"), to: h.path("x.post") + "/inner.post")
            try posix(rename(h.path("x.post"), h.incoming + "/x.post"), "rename")
            return nil
        },
        BadInput(label: "hard link made in incoming", name: "hard.post", reasons: ["hard link"]) { h in
            try h.write(postText(["At: now"], "linked"), to: h.path("original.post"))
            try posix(link(h.path("original.post"), h.incoming + "/hard.post"), "link")
            return nil
        },
        BadInput(label: "hard-linked file renamed in", name: "hard2.post", reasons: ["hard link"]) { h in
            let staged = h.incoming + "/.hard2.tmp"
            try h.write(postText(["At: now"], "linked"), to: staged)
            try posix(link(staged, h.path("second-name")), "link")
            try posix(rename(staged, h.incoming + "/hard2.post"), "rename")
            return nil
        },
        file("file over 64 KiB", "big.post", ["64 KiB"], padded(to: 64 * 1024 + 1)),
        file("invalid UTF-8", "latin1.post", ["UTF-8", "line 3"],
             Array("At: now\n\ncaf".utf8) + [0xE9, 0xFF] + Array(" au lait\n".utf8)),
        file("NUL bytes", "nul.post", ["NUL", "line 3"], Array("At: now\n\nnul ".utf8) + [0] + Array(" byte\n".utf8)),
        file("no blank line", "noblank.post", ["blank line"], "At: now\nAuthor: someone\nthis is the body\n"),
        file("empty body", "empty.post", ["body is empty"], "At: now\n\n"),
        file("whitespace-only body", "blank.post", ["body is empty"], "At: now\n\n   \n\t\n"),
        file("body over the account's limit", "long.post", ["281", "280", "brand"],
             postText(["At: now"], String(repeating: "a", count: 281))),
        file("unknown header", "header.post", ["unknown header", "Colour", "line 2"],
             postText(["At: now", "Colour: red"], "hello")),
        file("unknown account", "account.post", ["unknown account", "nobody", "line 1"],
             postText(["Account: nobody", "At: now"], "hello")),
        file("unknown time zone", "zone.post", ["unknown time zone", "Mars/Olympus_Mons", "line 1"],
             postText(["At: 2030-01-01 09:00 Mars/Olympus_Mons"], "hello")),
        file("malformed time", "time.post", ["next tuesday", "not a time", "line 1"],
             postText(["At: next tuesday"], "hello")),
        file("Not-After before Not-Before", "window.post", ["Not-After", "Not-Before"],
             postText(["Not-Before: 2099-01-02T10:00:00Z", "Not-After: 2099-01-02T09:00:00Z"], "hello")),
        file("a time in the past beyond max_lateness", "past.post", ["max_lateness", "line 1"],
             postText(["At: 2020-01-01T00:00:00Z"], "hello")),
        BadInput(label: "duplicate Id", name: "second.post", reasons: ["duplicate", "launch-1", "line 2"]) { h in
            try h.drop("first.post", postText(["At: now", "Id: launch-1"], "the first one"))
            // Only once the first is accepted is the second a duplicate.
            try await h.waitForAccepted("first.post")
            let bytes = Array(postText(["At: now", "Id: launch-1"], "the second one").utf8)
            try h.drop("second.post", bytes: bytes)
            return bytes
        },
    ]

    /// A valid post of exactly `size` bytes, padded with an `X-Pad` header.
    static func padded(to size: Int) -> [UInt8] {
        let head = "At: now\nX-Pad: "
        let tail = "\n\npadded post\n"
        return Array((head + String(repeating: "p", count: size - head.utf8.count - tail.utf8.count) + tail).utf8)
    }
}

func posix(_ result: Int32, _ call: String) throws {
    guard result == 0 else { throw HarnessError("\(call): \(String(cString: strerror(errno)))") }
}

/// DESIGN's "Bad input gets a clear error and loses nothing".
@Suite("Bad input")
struct BadInputTests {
    @Test("rejected into rejected/ with a reason, logged, the daemon carries on", arguments: BadInput.all)
    func rejected(_ input: BadInput) async throws {
        let h = try DaemonHarness(label: "bad-\(input.name)")
        try await h.start()
        let bytes = try await input.make(h)
        let error = try await h.waitForRejection(input.name)
        #expect(error.contains(input.name), "the reason names the file: \(error)")
        for reason in input.reasons {
            #expect(error.contains(reason), "the reason should mention \(reason): \(error)")
        }
        let logged = try await h.waitForEvent("rejected", file: input.name)
        #expect(logged["HERALD_POST_ID"] != nil, "\(logged)")
        #expect(logged.priority == 4, "rejections are warnings: \(logged)")
        #expect(!h.incomingNames.contains(input.name))
        if let bytes {
            let kept = try Data(contentsOf: URL(fileURLWithPath: h.rejected + "/" + input.name))
            #expect(Array(kept) == bytes, "the rejected file is kept byte for byte")
        }
        try h.requireRunning()

        // A good post dropped afterwards still goes out.
        try h.drop("good.post", bytes: BadInput.good)
        try await h.waitForAccepted("good.post")
        let files = try await h.eventually("good.post to be published") {
            try h.outbox().contains { $0.text == "a perfectly good post" } ? try h.outbox() : nil
        }
        let expectedTexts = input.name == "second.post" ? ["the first one", "a perfectly good post"]
            : ["a perfectly good post"]
        #expect(files.map(\.text) == expectedTexts)
        #expect(h.events("rejected").count == 1)
        try h.requireRunning()
    }

    @Test("the kinds the daemon refuses by type keep their type in rejected/")
    func rejectedKeepsType() async throws {
        let h = try DaemonHarness()
        try await h.start()
        for input in BadInput.all where ["link.post", "dangling.post", "fifo.post", "x.post"].contains(input.name) {
            _ = try await input.make(h)
        }
        for name in ["link.post", "dangling.post", "fifo.post", "x.post"] { try await h.waitForRejection(name) }
        var info = stat()
        #expect(lstat(h.rejected + "/link.post", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(lstat(h.rejected + "/dangling.post", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(lstat(h.rejected + "/fifo.post", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(lstat(h.rejected + "/x.post", &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
        #expect(FileManager.default.fileExists(atPath: h.rejected + "/x.post/inner.post"), "nothing inside is lost")
        #expect(FileManager.default.fileExists(atPath: h.path("target.post")), "a link's target is left alone")
        try h.requireRunning()
    }

    @Test("all bad inputs at once, mixed with good posts: only the bad ones are rejected")
    func mixedBurst() async throws {
        let h = try DaemonHarness()
        try await h.start()
        for (index, input) in BadInput.all.enumerated() {
            _ = try await input.make(h)
            if index % 5 == 0 { try h.drop("good\(index).post", postText(["At: now"], "good \(index)")) }
        }
        for input in BadInput.all { try await h.waitForRejection(input.name) }
        let goods = BadInput.all.indices.filter { $0 % 5 == 0 }.map { "good \($0)" } + ["the first one"]
        try await h.waitForOutbox(count: goods.count)
        try await h.waitUntilIdle()
        #expect(Set(try h.outbox().compactMap(\.text)) == Set(goods))
        #expect(try h.outbox().count == goods.count)
        try await h.waitForEvent("rejected", count: BadInput.all.count)
        #expect(h.events("rejected").count == BadInput.all.count)
        #expect(h.incomingNames.isEmpty)
        try h.requireRunning()
    }

    struct GoodVariant: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var bytes: [UInt8]
        var texts: [String]
    }

    static let accepted: [GoodVariant] = [
        GoodVariant(testDescription: "CRLF line endings",
                    bytes: Array("At: now\r\nAuthor: crlf\r\n\r\nline one\r\nline two\r\n---\r\nsecond part\r\n".utf8),
                    texts: ["line one\nline two", "second part"]),
        GoodVariant(testDescription: "a UTF-8 BOM", bytes: [0xEF, 0xBB, 0xBF] + Array("At: now\n\nwith a BOM\n".utf8),
                    texts: ["with a BOM"]),
        GoodVariant(testDescription: "a UTF-8 BOM and CRLF",
                    bytes: [0xEF, 0xBB, 0xBF] + Array("At: now\r\n\r\nboth\r\n".utf8), texts: ["both"]),
        GoodVariant(testDescription: "exactly 64 KiB", bytes: BadInput.padded(to: 64 * 1024), texts: ["padded post"]),
        GoodVariant(testDescription: "280 characters, the limit",
                    bytes: Array(postText(["At: now"], String(repeating: "é", count: 280)).utf8),
                    texts: [String(repeating: "é", count: 280)]),
    ]

    @Test("accepted despite the unusual form", arguments: accepted)
    func acceptedVariants(_ variant: GoodVariant) async throws {
        let h = try DaemonHarness(label: "accepted-\(variant.testDescription)")
        try await h.start()
        try h.drop("odd.post", bytes: variant.bytes)
        try await h.waitForAccepted("odd.post")
        let files = try await h.waitForOutbox(count: variant.texts.count)
        #expect(files.map(\.text) == variant.texts)
        #expect(h.rejectedNames.isEmpty)
    }
}
