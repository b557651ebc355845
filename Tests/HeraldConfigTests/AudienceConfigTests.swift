import Foundation
import HeraldCore
import Testing
@testable import HeraldConfig

/// `[[audiences]]` typed for the planner: curves by name from the curves directory, `horizon`, `freeze`.
@Suite struct AudienceConfigTests {
    /// A config directory with a `curves/` subdirectory, removed afterwards.
    final class Directory: Sendable {
        let path: String
        init() throws {
            path = (NSTemporaryDirectory() as NSString).appendingPathComponent("herald-audience-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: path + "/curves", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var config: String { path + "/herald.toml" }
        func curve(_ name: String, _ text: String) throws {
            try text.write(toFile: "\(path)/curves/\(name).csv", atomically: true, encoding: .utf8)
        }
    }

    /// A curve that is 1 at one quarter hour of the week and 0.1 elsewhere.
    static func spike(at quarter: Int) throws -> ActivityCurve {
        var values = [Double](repeating: 0.1, count: ActivityCurve.count)
        values[quarter] = 1
        return try ActivityCurve(values: values)
    }

    static func config(_ audience: String, daemon: String = "") -> String {
        """
        [daemon]
        \(daemon)
        [[accounts]]
        name = "brand"
        audience = "world"

        [[audiences]]
        name = "world"
        zones = { "Europe/London" = 0.5, "Asia/Tokyo" = 0.5 }
        \(audience)
        """
    }

    @Test func withoutCurvesEveryZoneHasTheBuiltInCurveAndDefaultsApply() throws {
        let directory = try Directory()
        let config = try ConfigLoader.parse(Self.config(""), path: directory.config)
        let audience = try #require(config.audiences.first)
        #expect(audience.zones.map(\.timeZone.identifier) == ["Asia/Tokyo", "Europe/London"])
        #expect(audience.zones.allSatisfy { $0.curve == .standard })
        #expect(config.defaultCurve == .standard)
        #expect(config.daemon.horizon == 7 * 86_400 && config.daemon.freeze == 3_600)
        #expect(config.planningAccounts().map(\.account.name) == ["brand"])
    }

    @Test func curvesAreReadByNameAndDefaultCsvReplacesTheBuiltIn() throws {
        let directory = try Directory()
        try directory.curve("default", Self.spike(at: 10).csv)
        try directory.curve("evening", Self.spike(at: 80).csv)
        let config = try ConfigLoader.parse(
            Self.config(#"curves = { "Asia/Tokyo" = "evening" }"#, daemon: #"horizon = "14d"\#nfreeze = "30m""#),
            path: directory.config
        )
        let zones = try #require(config.audiences.first).zones
        #expect(zones[0].curve == (try Self.spike(at: 80)))  // Asia/Tokyo
        #expect(zones[1].curve == (try Self.spike(at: 10)))  // Europe/London: default.csv
        #expect(config.defaultCurve == (try Self.spike(at: 10)))
        #expect(config.daemon.planner == Planner(horizon: 14 * 86_400, freeze: 1_800))
    }

    @Test func oneCurveForAllZonesAndACurvesDirectoryElsewhere() throws {
        let directory = try Directory()
        try FileManager.default.createDirectory(atPath: directory.path + "/mine", withIntermediateDirectories: true)
        try Self.spike(at: 5).csv.write(toFile: directory.path + "/mine/flat.csv", atomically: true, encoding: .utf8)
        let config = try ConfigLoader.parse(Self.config(#"curve = "flat""#, daemon: #"curves = "mine""#),
                                            path: directory.config)
        #expect(try #require(config.audiences.first).zones.allSatisfy { $0.curve == (try? Self.spike(at: 5)) })
    }

    @Test func badCurvesAreErrorsWithTheLine() throws {
        let directory = try Directory()
        try directory.curve("broken", "day,time,activity\nMon,00:00,1\n")
        let cases: [(String, Int, String)] = [
            (#"curve = "missing""#, 10, "missing.csv"),
            (#"curve = "broken""#, 10, "broken.csv"),
            (#"curve = "../etc/passwd""#, 10, "bad curve name"),
            (#"curves = { "America/Chicago" = "default" }"#, 10, "not one of the audience's zones"),
            (#"colour = "red""#, 10, "unknown key"),
        ]
        for (line, number, fragment) in cases {
            #expect {
                _ = try ConfigLoader.parse(Self.config(line), path: directory.config)
            } throws: { error in
                guard let error = error as? ConfigError else { return false }
                return error.line == number && error.description.contains(fragment)
                    && error.description.hasPrefix(directory.config)
            }
        }
    }

    @Test func theShippedSampleConfigAndDefaultCurveLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try ConfigLoader.load(path: root.appendingPathComponent("etc/herald/herald.toml").path)
        #expect(config.defaultCurve == .standard)  // default.csv holds exactly the built-in values
    }
}
