import Foundation
import HeraldCore
import Testing

@testable import HeraldConfig

@Suite("Evergreen account keys")
struct EvergreenConfigTests {
    static func parse(_ lines: String) throws -> Account {
        let text = """
            [[accounts]]
            name = "brand"
            \(lines)

            """
        return try #require(try ConfigLoader.parse(text, path: "t.toml").accounts.first)
    }

    @Test("evergreen and evergreen_min_interval are read; the interval defaults to 30 days")
    func keys() throws {
        let account = try Self.parse("slots = [\"09:00\"]\nevergreen = \"/srv/evergreen\"")
        #expect(account.evergreen == "/srv/evergreen")
        #expect(account.evergreenMinInterval == 30 * 86_400)
        let rested = try Self.parse("""
            slots = ["09:00"]
            evergreen = "/srv/evergreen"
            evergreen_min_interval = "60d"
            """)
        #expect(rested.evergreenMinInterval == 60 * 86_400)
        #expect(try Self.parse("slots = [\"09:00\"]").evergreen == nil)
    }

    @Test("an evergreen folder without slots, a relative folder or an interval without a folder is an error",
          arguments: [
              ("evergreen = \"/srv/evergreen\"", "the account has no slots", 3),
              ("slots = [\"09:00\"]\nevergreen = \"evergreen\"", "is not an absolute path", 4),
              ("slots = [\"09:00\"]\nevergreen_min_interval = \"7d\"", "needs an evergreen folder", 4),
          ])
    func errors(_ lines: String, _ message: String, _ line: Int) {
        let error = #expect(throws: ConfigError.self) { try Self.parse(lines) }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        #expect(error?.description.contains("t.toml:\(line):") == true, "\(String(describing: error))")
    }
}
