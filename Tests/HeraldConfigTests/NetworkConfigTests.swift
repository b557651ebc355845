import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

@Suite("Network account keys: media_dirs")
struct NetworkConfigTests {
    static func account(_ lines: String) -> String {
        """
        [[accounts]]
        name = "ceo"
        network = "x"
        \(lines)

        """
    }

    @Test("media_dirs defaults to none and keeps absolute directories, normalized")
    func mediaDirs() throws {
        #expect(try ConfigLoader.parse(Self.account(""), path: "t.toml").accounts.first?.mediaDirectories == [])
        let config = try ConfigLoader.parse(
            Self.account(#"media_dirs = ["/srv/media/", "/home/ceo/./pictures"]"#), path: "t.toml")
        #expect(config.accounts.first?.mediaDirectories == ["/srv/media", "/home/ceo/pictures"])
    }

    @Test("a relative media_dirs entry is an error at its line")
    func relativeDirectory() {
        let error = parseFailure(Self.account("media_dirs = [\n  \"/srv/media\",\n  \"pictures\",\n]"))
        #expect(error?.description
                == "t.toml:6: accounts[1] (ceo): media_dirs[2]: \"pictures\" is not an absolute path")
    }
}
