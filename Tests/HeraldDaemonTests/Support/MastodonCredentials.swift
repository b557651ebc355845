import Foundation
import HeraldTestSupport

/// A Mastodon fake accepting `token`, and a 0600 credentials file holding it, for in-process daemon tests.
struct MastodonCredentials {
    let fake: FakeServer
    let scratch: TemporaryDirectory
    /// The credentials file (`access_token = TOKEN`).
    var path: String { scratch.path + "/mastodon-credentials" }

    init(token: String, label: String) async throws {
        fake = try await FakeServer.start("fake_mastodon.py", arguments: ["--token", token])
        scratch = try TemporaryDirectory(label)
        try Data("access_token = \(token)\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
    }
}
