import Foundation
import Glibc
import Testing

@testable import HeraldSystemd

/// Handing memory back after a burst: the read-only file mappings are found (the C library's code among them),
/// dropping their pages keeps the process working, and the resident set shrinks.
@Suite struct MemoryTrimTests {
    static func residentKilobytes(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
    }

    @Test func cleanCodeMappingsIncludeTheCLibrarysCodeAndNothingWritable() throws {
        let mappings = MemoryTrim.cleanCodeMappings()
        #expect(!mappings.isEmpty)
        // The C library's code is one of them.
        let function = try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim"))
        let here = UInt(bitPattern: function)
        #expect(mappings.contains { $0.start <= here && here < $0.end })
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        let writable = maps.split(separator: "\n").filter { $0.split(separator: " ")[1].contains("w") }
            .compactMap { UInt($0.split(separator: "-")[0], radix: 16) }
        #expect(!mappings.contains { writable.contains($0.start) })
    }

    /// Only the C library's pages: dropping all of this (large, debug) test binary's would stall every test
    /// running beside this one while they fault back in.
    @Test func droppingCleanPagesShrinksTheFileBackedResidentSetAndTheProcessCarriesOn() throws {
        let before = try #require(Self.residentKilobytes("RssFile"))
        MemoryTrim.releaseCleanCodePages { $0.hasSuffix("/libc.so.6") || $0.contains("/libstdc++.so") }
        let after = try #require(Self.residentKilobytes("RssFile"))
        #expect(after < before, "RssFile \(before) kB → \(after) kB")
        // Code that was paged out runs again (faulted back from the page cache).
        #expect([3, 1, 2].sorted() == [1, 2, 3])
        #expect(try JSONSerialization.data(withJSONObject: ["a": 1]).count > 0)
    }
}
