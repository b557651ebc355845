import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

@Suite("Mastodon account keys")
struct MastodonConfigTests {
    static func account(_ lines: String, network: String = "mastodon") -> String {
        """
        [[accounts]]
        name = "fedi"
        network = "\(network)"
        base_url = "https://mastodon.example"
        \(lines)

        """
    }

    @Test("visibility defaults to public and takes the four Mastodon values")
    func visibility() throws {
        #expect(try ConfigLoader.parse(Self.account(""), path: "t.toml").accounts.first?.mastodonVisibility == .public)
        for visibility in MastodonVisibility.allCases {
            let config = try ConfigLoader.parse(Self.account("visibility = \"\(visibility.rawValue)\""), path: "t.toml")
            #expect(config.accounts.first?.mastodonVisibility == visibility)
        }
    }

    @Test("an unknown visibility is an error with the line and the allowed values")
    func badVisibility() {
        let error = parseFailure(Self.account("visibility = \"friends\""))
        #expect(error?.description
                == "t.toml:5: accounts[1] (fedi): visibility: \"friends\" is not one of "
                + "public, unlisted, private, direct")
    }

    @Test("visibility on another network is an error")
    func notMastodon() {
        let error = parseFailure(Self.account("visibility = \"public\"", network: "bluesky"))
        #expect(error?.description.hasPrefix("t.toml:5: accounts[1] (fedi): ") == true)
        #expect(error?.description.contains("visibility") == true)
    }
}
