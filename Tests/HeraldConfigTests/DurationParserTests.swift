import Testing
@testable import HeraldConfig

@Suite("DurationParser")
struct DurationParserTests {
    @Test("valid durations", arguments: [
        ("45s", 45.0), ("15m", 900), ("20m", 1200), ("1h30m", 5400), ("24h", 86_400), ("2d", 172_800),
        ("0", 0), ("0s", 0), ("90m", 5400), ("1d2h3m4s", 93_784), ("500ms", 0.5), ("1m500ms", 60.5),
        (" 5m ", 300), ("-20m", -1200), ("0h", 0),
    ])
    func valid(text: String, seconds: Double) {
        #expect(DurationParser.seconds(from: text) == seconds)
    }

    @Test("malformed durations", arguments: [
        "", " ", "-", "15", "m", "15x", "1.5h", "30m1h", "1h1h", "1H", "15 m", "1h 30m", "h30m", "+5m", "--5m",
        "12345678901s", "5mm", "ms", "1s1m",
    ])
    func malformed(text: String) {
        #expect(DurationParser.seconds(from: text) == nil)
    }

    @Test("format renders the largest units first", arguments: [
        (5400.0, "1h30m"), (0, "0s"), (45, "45s"), (86_400, "1d"), (93_784, "1d2h3m4s"), (0.25, "250ms"),
        (-1200, "-20m"), (60.5, "1m500ms"),
    ])
    func format(seconds: Double, text: String) {
        #expect(DurationParser.format(seconds) == text)
        #expect(DurationParser.seconds(from: text) == seconds)
    }
}
