import Foundation
import HeraldCore
import Testing
@testable import HeraldConfig

/// The `learn` account key: off by default, daily or weekly, only where Herald fetches metrics.
@Suite struct LearnConfigTests {
    func load(_ account: String) throws(ConfigError) -> HeraldConfiguration {
        try ConfigLoader.parse("""
            [[accounts]]
            name = "brand"
            \(account)
            """, path: "/etc/herald/herald.toml")
    }

    @Test func offByDefaultAndWeeklyOnMastodon() throws {
        #expect(try load("network = \"outbox\"").accounts[0].learn == .off)
        let config = try load("""
            network = "mastodon"
            base_url = "https://fake.social"
            credentials = "m"
            learn = "weekly"
            """)
        #expect(config.accounts[0].learn == .weekly)
        #expect(LearnFrequency.weekly.interval == 7 * 86_400 && LearnFrequency.off.interval == nil)
    }

    @Test func anUnknownValueOrANetworkWithoutMetricsIsAnError() {
        #expect {
            try load("network = \"x\"\ncredentials = \"x\"\nlearn = \"hourly\"")
        } throws: { error in
            "\(error)".contains("learn") && "\(error)".contains("off, daily, weekly") && "\(error)".contains(":5:")
        }
        #expect {
            try load("network = \"outbox\"\nlearn = \"daily\"")
        } throws: { error in
            "\(error)".contains("learn") && "\(error)".contains("outbox")
        }
    }
}
