import Foundation

/// What the `Media:` tests attach, under a temporary `root`: `media/a.png` (bytes 1, 2, 3), `secret.json` outside
/// the media directory, and `media/b.png`, a symbolic link to that secret.
struct MediaFixture {
    var media: URL
    var image: URL
    var secret: URL
    var link: URL

    init(root: URL) throws {
        media = root.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        secret = root.appendingPathComponent("secret.json")
        try Data("token".utf8).write(to: secret)
        image = media.appendingPathComponent("a.png")
        try Data([1, 2, 3]).write(to: image)
        link = media.appendingPathComponent("b.png")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: secret)
    }

    /// Runs `body` with a fixture in a fresh temporary directory, removed afterwards.
    static func with<T>(_ body: (MediaFixture) async throws -> T) async throws -> T {
        try await withTemporaryDirectory { root in try await body(MediaFixture(root: root)) }
    }
}
