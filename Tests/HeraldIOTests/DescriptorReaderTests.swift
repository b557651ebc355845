import Foundation
import Glibc
import Testing
@testable import HeraldIO

@Suite("DescriptorReader")
struct DescriptorReaderTests {
    /// A file holding `bytes`, opened for reading; removed (and closed) by `body`'s end.
    private func withFile<T>(_ bytes: [UInt8], _ body: (Int32) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "/herald-io-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        return try body(descriptor)
    }

    private func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) } }

    @Test("an empty file, a small one and one of several chunks are read whole", arguments: [
        0, 1, 100, DescriptorReader.chunkSize - 1, DescriptorReader.chunkSize, DescriptorReader.chunkSize + 1,
        3 * DescriptorReader.chunkSize + 17,
    ])
    func readsWholeFiles(size: Int) throws {
        let bytes = pattern(size)
        let result = try withFile(bytes) { DescriptorReader.readAll($0, limit: 1 << 20, sizeHint: size) }
        #expect(result == .success(bytes))
    }

    @Test("a file of exactly the limit is read; one byte more is too large", arguments: [
        1, 64 * 1024, 1 << 20,
    ])
    func limitIsInclusive(limit: Int) throws {
        let exact = pattern(limit)
        #expect(try withFile(exact) { DescriptorReader.readAll($0, limit: limit) } == .success(exact))
        let over = pattern(limit + 1)
        #expect(try withFile(over) { DescriptorReader.readAll($0, limit: limit) } == .failure(.tooLarge))
    }

    @Test("reading starts at the descriptor's offset")
    func readsFromTheOffset() throws {
        let result = try withFile(Array("header body".utf8)) { descriptor in
            lseek(descriptor, 7, SEEK_SET)
            return DescriptorReader.readAll(descriptor, limit: 100)
        }
        #expect(result == .success(Array("body".utf8)))
    }

    @Test("a size hint reserves the file's size, not a whole chunk")
    func sizeHintKeepsSmallFilesSmall() throws {
        let bytes = try withFile(pattern(100)) { descriptor in
            try DescriptorReader.readAll(descriptor, limit: 64 * 1024, sizeHint: 100).get()
        }
        #expect(bytes.count == 100)
        #expect(bytes.capacity < 1024)
    }

    @Test("a pipe written in pieces is read to its end")
    func readsAPipeInPieces() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(readEnd) }
        let pieces = [Array("first ".utf8), Array("second ".utf8), Array("third".utf8)]
        let writer = Thread {
            for piece in pieces {
                _ = piece.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                usleep(2_000)
            }
            close(writeEnd)
        }
        writer.start()
        #expect(DescriptorReader.readAll(readEnd, limit: 100) == .success(pieces.flatMap { $0 }))
    }

    @Test("a closed descriptor and a directory fail with read's errno")
    func failuresCarryErrno() throws {
        #expect(DescriptorReader.readAll(-1, limit: 100) == .failure(.failed(errno: EBADF)))
        let directory = open(NSTemporaryDirectory(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try #require(directory >= 0)
        defer { close(directory) }
        #expect(DescriptorReader.readAll(directory, limit: 100) == .failure(.failed(errno: EISDIR)))
    }

    /// A `read(2)` stand-in that plays `script`: bytes to hand out (cut to the buffer), or an errno to fail with.
    private enum Step { case data([UInt8]), error(Int32) }

    private func scripted(_ script: [Step], limit: Int = 100) -> (Result<[UInt8], DescriptorReader.Failure>, Int) {
        var steps = script[...]
        var calls = 0
        let result = DescriptorReader.readAll(limit: limit, sizeHint: 0) { buffer in
            calls += 1
            guard let step = steps.popFirst() else { return 0 }
            switch step {
            case let .data(bytes):
                let count = min(bytes.count, buffer.count)
                buffer.copyBytes(from: bytes[..<count])
                return count
            case let .error(code):
                errno = code
                return -1
            }
        }
        return (result, calls)
    }

    @Test("EINTR is retried, before, between and after data")
    func retriesOnEINTR() {
        let (result, calls) = scripted([
            .error(EINTR), .data(Array("ab".utf8)), .error(EINTR), .error(EINTR), .data(Array("c".utf8)),
            .error(EINTR),
        ])
        #expect(result == .success(Array("abc".utf8)))
        #expect(calls == 7)
    }

    @Test("any other error stops reading, whatever came before")
    func otherErrorsStop() {
        let (result, calls) = scripted([.data(Array("ab".utf8)), .error(EIO), .data(Array("c".utf8))])
        #expect(result == .failure(.failed(errno: EIO)))
        #expect(calls == 2)
    }

    @Test("too large is found as soon as the bytes pass the limit, without reading to the end")
    func tooLargeStopsEarly() {
        let (result, calls) = scripted([.data(pattern(60)), .data(pattern(41)), .data(pattern(1000))], limit: 100)
        #expect(result == .failure(.tooLarge))
        #expect(calls == 2)
    }
}
