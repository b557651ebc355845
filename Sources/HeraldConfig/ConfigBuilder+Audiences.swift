import Foundation
import HeraldCore

extension ConfigBuilder {
    /// Keys of an `[[audiences]]` table: `curve` names the curve of every zone, `curves` overrides it per zone.
    static let audienceKeys = ["name", "zones", "curve", "curves"]

    /// The directory curves are read from: `[daemon] curves`, relative to the config file's directory when not
    /// absolute; by default `curves/` beside the config file (`/etc/herald/curves` for `/etc/herald/herald.toml`).
    func curvesDirectory(_ daemon: DaemonSettings) -> String {
        Self.resolve(daemon.curves ?? "curves", against: Self.directory(of: file))
    }

    /// The audiences with their curves loaded: `NAME.csv` from the curves directory for each name used. A zone
    /// without a named curve gets `default`, which is `default.csv` when that file exists and the built-in curve
    /// (the same values, see ``ActivityCurve/standard``) otherwise, so a config without a curves directory works.
    func typeAudiences(
        _ audiences: [AudienceConfig], top: TableReader, daemon: DaemonSettings
    ) throws(ConfigError) -> (audiences: [Audience], defaultCurve: ActivityCurve) {
        let directory = curvesDirectory(daemon)
        var cache: [String: ActivityCurve] = [:]
        var typed: [Audience] = []
        let defaultFile = (directory as NSString).appendingPathComponent("default.csv")
        if access(defaultFile, F_OK) != 0 { cache["default"] = .standard }
        for (index, audience) in audiences.enumerated() {
            let reader = top.child([.key("audiences"), .index(index)],
                                   subject: "audiences[\(index + 1)] (\(audience.name))", fields: audience.extra)
            func load(_ name: String, at path: ConfigPath) throws(ConfigError) -> ActivityCurve {
                if let known = cache[name] { return known }
                guard Self.isValidName(name) else {
                    throw reader.error(.invalidValue(key: "curve", reason: "bad curve name \"\(name)\" (a file name "
                        + "in \(directory) without .csv)"), at: path)
                }
                let file = (directory as NSString).appendingPathComponent(name + ".csv")
                let curve: ActivityCurve
                do {
                    curve = try Self.readCurve(file)
                } catch let error as ConfigError {
                    throw reader.error(.invalidValue(key: "curve", reason: "curve \"\(name)\": \(file): "
                        + error.reason), at: path)
                } catch {
                    throw reader.error(.invalidValue(key: "curve", reason: "curve \"\(name)\": \(file): \(error)"),
                                       at: path)
                }
                cache[name] = curve
                return curve
            }
            var defaultCurve = try load("default", at: [])
            if let name = try reader.nonEmptyString("curve") { defaultCurve = try load(name, at: [.key("curve")]) }
            var curves: [String: ActivityCurve] = [:]
            for (zone, value) in try reader.table("curves") ?? [:] {
                let path: ConfigPath = [.key("curves"), .key(zone)]
                guard audience.zones[zone] != nil else {
                    throw reader.error(.invalidValue(key: "curves", reason: "\"\(zone)\" is not one of the audience's "
                        + "zones"), at: path)
                }
                guard let name = value.stringValue, !name.isEmpty else {
                    throw reader.error(.invalidValue(key: "curves", reason: "the curve of \"\(zone)\" must be a "
                        + "curve name"), at: path)
                }
                curves[zone] = try load(name, at: path)
            }
            do {
                typed.append(try Audience(name: audience.name, weights: audience.zones, curves: curves,
                                          defaultCurve: defaultCurve))
            } catch {
                throw reader.error(.invalidValue(key: "zones", reason: "\(error)"), key: "zones")
            }
        }
        if cache["default"] == nil {
            do {
                cache["default"] = try Self.readCurve(defaultFile)
            } catch let error as ConfigError {
                throw .unreadable(file: defaultFile, reason: error.reason)
            } catch {
                throw .unreadable(file: defaultFile, reason: "\(error)")
            }
        }
        return (typed, cache["default"] ?? .standard)
    }

    static func readCurve(_ file: String) throws -> ActivityCurve {
        try ActivityCurve(csv: String(decoding: try ConfigLoader.readFile(file), as: UTF8.self))
    }
}
