import Foundation

/// Who reads an account, as zones with weights (DESIGN's `[[audiences]]`), each zone with its activity curve.
///
/// The weights are used as given, not normalised: reach is `Σ w_z · …` exactly as issue 4 writes it, so the
/// numbers `herald plan` prints can be checked by hand. Zones are kept sorted by identifier, which fixes the order
/// of every floating-point sum and so makes plans reproducible to the last bit whatever order the config used.
public struct Audience: Sendable, Equatable {
    /// One zone of an audience.
    public struct Zone: Sendable, Equatable {
        public var timeZone: TimeZone
        /// A finite number ≥ 0.
        public var weight: Double
        /// The zone's activity, in the zone's own local time.
        public var curve: ActivityCurve

        public init(timeZone: TimeZone, weight: Double, curve: ActivityCurve = .standard) {
            self.timeZone = timeZone
            self.weight = weight
            self.curve = curve
        }
    }

    public var name: String
    /// Sorted by zone identifier.
    public private(set) var zones: [Zone]

    /// An audience of already-checked zones (sorted here by identifier).
    public init(name: String, zones: [Zone]) {
        self.name = name
        self.zones = zones.sorted { $0.timeZone.identifier < $1.timeZone.identifier }
    }

    /// An audience from config-style tables: IANA zone → weight, and optionally zone → curve (others get
    /// `defaultCurve`). Throws for an unknown zone, a weight that is negative or not finite, no weight above zero,
    /// or a curve for a zone that has no weight.
    public init(
        name: String, weights: [String: Double], curves: [String: ActivityCurve] = [:],
        defaultCurve: ActivityCurve = .standard
    ) throws(AudienceError) {
        var zones: [Zone] = []
        for (identifier, weight) in weights.sorted(by: { $0.key < $1.key }) {
            guard let zone = TimeZone(identifier: identifier) else { throw .unknownZone(identifier) }
            guard weight.isFinite, weight >= 0 else { throw .badWeight(zone: identifier) }
            zones.append(Zone(timeZone: zone, weight: weight, curve: curves[identifier] ?? defaultCurve))
        }
        if let stray = curves.keys.sorted().first(where: { weights[$0] == nil }) { throw .curveWithoutZone(stray) }
        guard zones.contains(where: { $0.weight > 0 }) else { throw .noPositiveWeight }
        self.init(name: name, zones: zones)
    }

    /// One zone with weight 1: an account's own zone with its learned curve, or an account without `audience`.
    public static func single(name: String, zone: TimeZone, curve: ActivityCurve = .standard) -> Audience {
        Audience(name: name, zones: [Zone(timeZone: zone, weight: 1, curve: curve)])
    }
}
