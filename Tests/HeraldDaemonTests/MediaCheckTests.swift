import Foundation
import Testing

/// `herald check` on `Media:` headers: files resolved through symlinks against `media_dirs`, missing alt text as a
/// warning.
@Suite("herald check: Media")
struct MediaCheckTests {
    @Test("a symlink leaving media_dirs is an error; a file without alt text is valid with a warning")
    func checkMedia() async throws {
        let h = try DaemonHarness(label: "media-check")
        let media = h.path("media")
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        try h.write("png", to: media + "/ok.png")
        try h.write("secret", to: h.path("outside.txt"))
        try FileManager.default.createSymbolicLink(
            atPath: media + "/link.png", withDestinationPath: h.path("outside.txt"))
        try h.writeConfig(TestConfig(accounts: [TestConfig.outbox("brand", "media_dirs = [\"\(media)\"]")]))

        let good = h.path("good.post")
        try h.write(postText(["At: now", "Media: \(media)/ok.png"], "hello"), to: good)
        let report = try await h.cli(["check", "--json", good])
        #expect(report.status == .exited(0), "\(report)")
        let warning = try #require(try report.json.array?.first?["warnings"]?[0], "\(report)")
        #expect(warning["line"] == .number(2))
        #expect(warning["message"]?.string?.contains("no alt text") == true, "\(warning)")

        let linked = h.path("linked.post")
        try h.write(postText(["At: now", "Media: \(media)/link.png; alt=x"], "hello"), to: linked)
        let text = try await h.cli(["check", linked])
        #expect(text.status == .exited(1), "\(text)")
        #expect(text.stdout.contains("\(linked):2: `Media` \(media)/link.png (which is "), "\(text)")
        #expect(text.stdout.contains("is not under any of account `brand`'s media_dirs"), "\(text)")
    }
}
