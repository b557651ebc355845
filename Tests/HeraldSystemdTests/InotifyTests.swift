import Foundation
import HeraldTestSupport
import Glibc
import Testing

@testable import HeraldSystemd

@Suite struct InotifyTests {
    @Test func seesCloseWriteAndMovedToWithNames() throws {
        let directory = try TemporaryDirectory()
        let inotify = try Inotify()
        let watch = try inotify.addWatch(directory.path, mask: [.closeWrite, .movedTo, .onlyDirectory])
        #expect(try inotify.readEvents().isEmpty)

        // Written in place (like `cp` or shell redirection): one IN_CLOSE_WRITE.
        try writeInPlace(directory.file("a.post"), "x")
        // Written under a hidden name, then renamed in: IN_CLOSE_WRITE for the temp name, IN_MOVED_TO for the real.
        try writeInPlace(directory.file(".b.tmp"), "y")
        #expect(rename(directory.file(".b.tmp"), directory.file("b.post")) == 0)

        #expect(try Poller.wait([inotify.fd], timeout: .seconds(5)) == [inotify.fd])
        // All three events are queued by now and come back from a single read.
        let events = try inotify.readEvents()
        #expect(
            events.map { "\($0.mask.subtracting(.isDirectory)) \($0.name ?? "-")" } == [
                "IN_CLOSE_WRITE a.post", "IN_CLOSE_WRITE .b.tmp", "IN_MOVED_TO b.post",
            ]
        )
        #expect(events.allSatisfy { $0.watch == watch && !$0.isDirectory && !$0.isOverflow })
        #expect(events[2].cookie != 0)
        #expect(try inotify.readEvents().isEmpty)
    }

    @Test func reportsDirectoriesAndRemovedWatches() throws {
        let directory = try TemporaryDirectory()
        let inotify = try Inotify()
        let watch = try inotify.addWatch(directory.path, mask: [.create])
        try FileManager.default.createDirectory(atPath: directory.file("sub"), withIntermediateDirectories: false)
        try inotify.removeWatch(watch)
        _ = try Poller.wait([inotify.fd], timeout: .seconds(5))
        let events = try inotify.readEvents()
        #expect(events.count == 2)
        #expect(events.first?.name == "sub")
        #expect(events.first?.isDirectory == true)
        #expect(events.last?.isIgnored == true)
        #expect(events.last?.name == nil)
    }

    @Test func addWatchOnMissingPathNamesThePath() throws {
        let inotify = try Inotify()
        let error = #expect(throws: SystemdError.self) {
            try inotify.addWatch("/nonexistent/herald", mask: .closeWrite)
        }
        #expect(error?.errno == ENOENT)
        #expect(error?.description == "inotify_add_watch(/nonexistent/herald): No such file or directory (errno 2)")
    }

    @Test func parsesPaddedNamesOverflowAndTruncatedTail() {
        var buffer: [UInt8] = []
        func append(watch: Int32, mask: UInt32, cookie: UInt32, name: String?, padTo length: Int) {
            withUnsafeBytes(of: watch.littleEndian) { buffer += $0 }
            withUnsafeBytes(of: mask.littleEndian) { buffer += $0 }
            withUnsafeBytes(of: cookie.littleEndian) { buffer += $0 }
            withUnsafeBytes(of: UInt32(length).littleEndian) { buffer += $0 }
            let bytes = Array((name ?? "").utf8)
            buffer += bytes + [UInt8](repeating: 0, count: length - bytes.count)
        }
        append(watch: 1, mask: UInt32(IN_MOVED_TO), cookie: 7, name: "post-1.post", padTo: 16)
        append(watch: -1, mask: UInt32(IN_Q_OVERFLOW), cookie: 0, name: nil, padTo: 0)
        append(watch: 1, mask: UInt32(IN_CREATE) | UInt32(IN_ISDIR), cookie: 0, name: "dir", padTo: 4)
        append(watch: 2, mask: UInt32(IN_CLOSE_WRITE), cookie: 0, name: "cut", padTo: 16)
        buffer.removeLast(8)  // a truncated record must not be read past the end

        let events = buffer.withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(
            events == [
                InotifyEvent(watch: 1, mask: .movedTo, cookie: 7, name: "post-1.post"),
                InotifyEvent(watch: -1, mask: .queueOverflow),
                InotifyEvent(watch: 1, mask: [.create, .isDirectory], name: "dir"),
            ]
        )
        #expect(events[1].isOverflow)
        #expect(events[1].name == nil)
        #expect(events[2].isDirectory)
        #expect(InotifyEvent.Mask([.create, .isDirectory]).description == "IN_CREATE|IN_ISDIR")
    }

    @Test func keepsNonUTF8NamesAsBytes() {
        let event = InotifyEvent(watch: 1, mask: .closeWrite, nameBytes: [0x66, 0xFF, 0x2E])
        #expect(event.nameBytes == [0x66, 0xFF, 0x2E])
        #expect(event.name == "f\u{FFFD}.")
    }

    @Test func readsALargeBurstAcrossSeveralReads() throws {
        let directory = try TemporaryDirectory()
        let inotify = try Inotify()
        try inotify.addWatch(directory.path, mask: .closeWrite)
        let count = 3000  // more than one 64 KiB read holds with these names
        for index in 0..<count {
            try writeInPlace(directory.file(String(format: "burst-file-with-a-long-name-%05d.post", index)), "")
        }
        var names: [String] = []
        while names.count < count, try Poller.wait([inotify.fd], timeout: .seconds(5)) == [inotify.fd] {
            names += try inotify.readEvents().compactMap(\.name)
        }
        // Every file exactly once. Not necessarily in order: a child process spawned by another test at that moment
        // holds a copy of the descriptor until its exec closes it, which delays that file's close-write event.
        #expect(names.count == count)
        #expect(Set(names) == Set((0..<count).map { String(format: "burst-file-with-a-long-name-%05d.post", $0) }))
    }
}

/// Creates (or truncates) `path` and writes `text` with plain `open`/`write`/`close` calls, unlike
/// `FileManager.createFile`, which writes a temporary file and renames it.
private func writeInPlace(_ path: String, _ text: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
        throw SystemdError.failed(call: "open", errno: errno, context: path)
    }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    guard write(fd, bytes, bytes.count) == bytes.count else {
        throw SystemdError.failed(call: "write", errno: errno, context: path)
    }
}
